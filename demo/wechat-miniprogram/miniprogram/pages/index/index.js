// Home (main package): the four screens of the "health" subpackage, language and large text.
'use strict';
const i18n = require('../../common/i18n.js');

const TILES = ['risk', 'plan', 'checkin', 'readings'];

Component({
  data: { L: {}, elder: false, tiles: [] },
  lifetimes: {
    attached() { this.refresh(); },
  },
  methods: {
    onShow() { this.refresh(); },
    refresh() {
      const L = i18n.labels();
      this.setData({
        L,
        elder: i18n.isElder(),
        tiles: TILES.map((id) => ({ id, title: L[`tab_${id}`], hint: L[`tab_${id}_hint`], url: `/health/pages/${id}/index` })),
      });
      if (typeof wx.setNavigationBarTitle === 'function') wx.setNavigationBarTitle({ title: L.app_title });
    },
    onLang() {
      i18n.setLocale(i18n.getLocale() === 'en' ? 'zh-CN' : 'en');
      this.refresh();
    },
    onElder() {
      i18n.setElder(!i18n.isElder());
      this.refresh();
    },
    onOpen(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
