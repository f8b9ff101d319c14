export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    navigationBarTitleText: '心血管风险 Heart risk',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
  },
});
