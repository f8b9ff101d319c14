export default definePageConfig({ navigationBarTitleText: '心血管风险 Heart risk' });
