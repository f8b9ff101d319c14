// The console's labels: zh-CN first, English second. Programme texts ({ 'zh-CN', en }) come from
// the programme itself; error messages from the service (Accept-Language).
const T = {
  'app.title': ['组织者控制台', 'Organiser console'],
  'app.sub': ['社区健康挑战', 'Community health challenge'],
  'app.lang': ['English', '中文'],
  'app.signOut': ['退出登录', 'Sign out'],
  'app.demo': ['演示数据：此社区的居民和记录都是生成的，不是真实的人。', 'Demo data: the residents and records of this community are generated, not real people.'],
  'app.loading': ['正在加载…', 'Loading…'],
  'app.retry': ['重试', 'Retry'],

  'login.title': ['组织者登录', 'Organiser sign-in'],
  'login.user': ['用户名', 'User name'],
  'login.password': ['密码', 'Password'],
  'login.go': ['登录', 'Sign in'],

  'prog.label': ['积分项目', 'Programme'],
  'prog.none': ['还没有积分项目。请先新建一个。', 'There is no programme yet. Create one first.'],
  'prog.members': ['{n} 位成员', '{n} members'],

  'nav.overview': ['概况', 'Overview'],
  'nav.members': ['参与者', 'Participants'],
  'nav.boards': ['排行榜', 'Leaderboards'],
  'nav.invites': ['邀请', 'Invites'],
  'nav.desk': ['兑换台', 'Redemption desk'],
  'nav.adjust': ['积分调整', 'Adjustments'],
  'nav.audit': ['操作记录', 'Audit log'],
  'nav.create': ['新建项目', 'New programme'],

  'ov.members': ['成员', 'Members'],
  'ov.today': ['今日打卡', 'Checked in today'],
  'ov.completed': ['已完成挑战', 'Completed the challenge'],
  'ov.avgStreak': ['平均连续天数', 'Average streak'],
  'ov.daily': ['每日参与人数', 'Members taking part each day'],
  'ov.dailyNote': ['每天打卡或补签成功的人数（服务端引擎的结果）。', 'Members credited each day by a check-in or a make-up (the service engine\'s outcomes).'],
  'ov.checkIns': ['打卡', 'Check-ins'],
  'ov.makeups': ['补签', 'Make-ups'],
  'ov.streaks': ['连续打卡天数分布', 'Current streaks'],
  'ov.streakBucket': ['{a}–{b} 天', '{a}–{b} days'],
  'ov.streakZero': ['0 天', '0 days'],
  'ov.people': ['{n} 人', '{n}'],
  'ov.dates': ['{start} 至 {end}，共 {days} 天', '{start} to {end}, {days} days'],
  'ov.chartFailed': ['图表暂时无法显示，数字见下表。', 'The chart cannot be shown; the numbers are in the table below.'],
  'ov.date': ['日期', 'Date'],
  'ov.table': ['每日数字', 'Daily figures'],

  'mem.search': ['搜索姓名、家庭或楼栋', 'Search name, family or building'],
  'mem.name': ['显示名称', 'Display name'],
  'mem.family': ['家庭', 'Family'],
  'mem.building': ['楼栋', 'Building'],
  'mem.balance': ['积分', 'Points'],
  'mem.tier': ['等级', 'Tier'],
  'mem.days': ['完成天数', 'Days done'],
  'mem.streak': ['连续', 'Streak'],
  'mem.longest': ['最长连续', 'Longest'],
  'mem.done': ['完成', 'Completed'],
  'mem.joined': ['加入时间', 'Joined'],
  'mem.csv': ['导出 CSV（Excel 可打开）', 'Export CSV (opens in Excel)'],
  'mem.count': ['共 {n} 人', '{n} people'],
  'mem.erased': ['已注销成员', 'Erased member'],
  'mem.yes': ['是', 'yes'],

  'board.family': ['家庭榜', 'Families'],
  'board.building': ['楼栋榜', 'Buildings'],
  'board.member': ['个人榜', 'Residents'],
  'board.points': ['人均积分', 'Points per member'],
  'board.participation': ['参与率', 'Participation'],
  'board.metric': ['排名依据', 'Ranked by'],
  'board.rank': ['名次', 'Rank'],
  'board.name': ['名称', 'Name'],
  'board.score': ['得分', 'Score'],
  'board.size': ['人数', 'Members'],
  'board.note': ['排名由服务端积分引擎计算，与居民手机上看到的一致。', 'Ranks come from the service\'s points engine, the same as residents see on their phones.'],

  'inv.title': ['按家庭和楼栋邀请居民', 'Invite residents by family and building'],
  'inv.family': ['家庭（如：王家）', 'Family (e.g. Wang family)'],
  'inv.building': ['楼栋（如：1号楼）', 'Building (e.g. Building 1)'],
  'inv.count': ['邀请码数量', 'Number of codes'],
  'inv.add': ['再加一户', 'Add a family'],
  'inv.remove': ['删除此行', 'Remove this row'],
  'inv.go': ['生成邀请码', 'Create invites'],
  'inv.print': ['打印二维码', 'Print the QR codes'],
  'inv.copy': ['复制全部链接', 'Copy all links'],
  'inv.copied': ['已复制 {n} 条链接', '{n} links copied'],
  'inv.sheetTitle': ['{name} · 邀请您参加社区健康打卡', '{name} · You are invited to the community health challenge'],
  'inv.scan': ['用手机扫码加入，或打开链接。每个码只能用一次，{date} 前有效。', 'Scan with your phone or open the link. Each code works once, until {date}.'],
  'inv.code': ['邀请码', 'Code'],
  'inv.made': ['已生成 {n} 个邀请码', '{n} invites created'],
  'inv.needCount': ['请填写 1–500 之间的数量。', 'Enter a number from 1 to 500.'],

  'desk.title': ['核销兑换券', 'Use a voucher'],
  'desk.code': ['兑换码', 'Voucher code'],
  'desk.find': ['查询', 'Look up'],
  'desk.fulfil': ['核销（已领取）', 'Fulfil (handed over)'],
  'desk.refund': ['退还积分', 'Refund the points'],
  'desk.refundConfirm': ['确定退还 {name} 的“{reward}”兑换，并把 {cost} 积分还给他/她？', 'Refund {name}\'s “{reward}” and give back {cost} points?'],
  'desk.fulfilConfirm': ['确认已把“{reward}”交给 {name}？核销后不能退还。', 'Confirm that {name} received “{reward}”? A used voucher cannot be refunded.'],
  'desk.status.ready': ['可使用', 'Valid'],
  'desk.status.fulfilled': ['已核销', 'Used'],
  'desk.status.refunded': ['已退还', 'Refunded'],
  'desk.status.refused': ['未成功', 'Did not go through'],
  'desk.who': ['居民', 'Resident'],
  'desk.reward': ['兑换物品', 'Reward'],
  'desk.cost': ['积分', 'Points'],
  'desk.when': ['兑换时间', 'Redeemed'],
  'desk.status': ['状态', 'Status'],
  'desk.fulfilledAt': ['核销时间', 'Used at'],
  'desk.recent': ['最近的兑换', 'Recent vouchers'],
  'desk.none': ['还没有兑换记录。', 'No vouchers yet.'],
  'desk.done': ['已核销', 'Fulfilled'],
  'desk.refunded': ['已退还 {n} 积分', '{n} points refunded'],
  'desk.stock': ['库存', 'Stock'],
  'desk.left': ['剩余 {n}', '{n} left'],

  'adj.title': ['积分调整', 'Adjust points'],
  'adj.member': ['居民', 'Resident'],
  'adj.points': ['加分（正整数）', 'Points to credit (a whole number)'],
  'adj.reason': ['原因（必填，会写入操作记录）', 'Reason (required, kept in the audit log)'],
  'adj.kind': ['类型', 'Kind'],
  'adj.kind.adjust': ['手动加分', 'Manual credit'],
  'adj.kind.activity': ['参加社区活动', 'Attended a community activity'],
  'adj.kind.follow-up': ['完成随访', 'Completed a follow-up'],
  'adj.go': ['提交', 'Submit'],
  'adj.confirm': ['给 {name} {what}？', '{what} for {name}?'],
  'adj.done': ['已记入：{name} 现有 {balance} 积分', 'Recorded: {name} now has {balance} points'],
  'adj.refused': ['引擎未接受：{msg}', 'Not accepted by the engine: {msg}'],
  'adj.needReason': ['请写明原因。', 'Please give a reason.'],
  'adj.needMember': ['请选择居民。', 'Choose a resident.'],
  'adj.pick': ['请选择…', 'Choose…'],

  'audit.when': ['时间', 'When'],
  'audit.who': ['操作人', 'Who'],
  'audit.what': ['操作', 'What'],
  'audit.detail': ['详情', 'Details'],
  'audit.more': ['更早的记录', 'Older entries'],
  'audit.action.login': ['登录', 'Signed in'],
  'audit.action.create-program': ['新建项目', 'Created the programme'],
  'audit.action.create-invites': ['生成邀请码', 'Created invites'],
  'audit.action.fulfil': ['核销兑换券', 'Fulfilled a voucher'],
  'audit.action.refund': ['退还兑换', 'Refunded a voucher'],
  'audit.action.adjust': ['积分调整', 'Adjusted points'],
  'audit.action.activity': ['记录活动', 'Recorded an activity'],
  'audit.action.follow-up': ['记录随访', 'Recorded a follow-up'],
  'audit.action.export-csv': ['导出 CSV', 'Exported the CSV'],
  'audit.action.export-state': ['备份状态', 'Backed up the state'],
  'audit.action.erase-member': ['注销成员', 'Erased a member'],
  'audit.action.advance': ['推进时钟', 'Advanced the clock'],
  'audit.action.send-events': ['代为提交事件', 'Sent events on behalf of residents'],
  'audit.action.seed-demo': ['生成演示数据', 'Generated the demo data'],

  'form.title': ['从默认模板新建积分项目和挑战', 'New programme and challenge from the default template'],
  'form.intro': ['所有规则都由积分引擎检查；有问题的项目会标出原因。', 'The points engine checks every rule; a problem is shown at its field.'],
  'form.id': ['项目编号（小写字母、数字和连字符）', 'Programme id (lower-case letters, digits, hyphens)'],
  'form.name': ['项目名称', 'Programme name'],
  'form.challenge': ['挑战', 'Challenge'],
  'form.chTitleZh': ['挑战名称（中文）', 'Challenge title (Chinese)'],
  'form.chTitleEn': ['挑战名称（英文）', 'Challenge title (English)'],
  'form.start': ['开始日期', 'Start date'],
  'form.days': ['天数', 'Days'],
  'form.end': ['最后一天：{date}', 'Last day: {date}'],
  'form.makeup': ['补签卡（张）', 'Make-up cards'],
  'form.bonus': ['完成奖励（分）', 'Completion bonus (points)'],
  'form.milestone': ['连续 {d} 天奖励（分）', '{d}-day streak bonus (points)'],
  'form.milestoneDays': ['连续天数', 'Streak days'],
  'form.points': ['积分规则', 'Points'],
  'form.earn.check-in': ['每日打卡（分）', 'Daily check-in (points)'],
  'form.earn.activity': ['参加社区活动（分）', 'Community activity (points)'],
  'form.earn.follow-up': ['完成随访（分）', 'Follow-up visit (points)'],
  'form.earn.share': ['分享（分）', 'Sharing (points)'],
  'form.referral': ['推荐一位邻居（分）', 'Referring a neighbour (points)'],
  'form.rewards': ['奖品与库存', 'Rewards and stock'],
  'form.rwId': ['编号', 'Id'],
  'form.rwZh': ['名称（中文）', 'Title (Chinese)'],
  'form.rwEn': ['名称（英文）', 'Title (English)'],
  'form.rwCost': ['所需积分', 'Cost (points)'],
  'form.rwStock': ['库存（空 = 不限）', 'Stock (empty = unlimited)'],
  'form.rwLimit': ['每人限兑（空 = 不限）', 'Per resident (empty = no limit)'],
  'form.rwAdd': ['添加奖品', 'Add a reward'],
  'form.tiers': ['会员等级（默认模板）', 'Tiers (default template)'],
  'form.tiersEdit': ['会员等级', 'Tiers'],
  'form.tierLine': ['{title}：一年内获得 {n} 分', '{title}: {n} points earned within a year'],
  'form.create': ['创建项目', 'Create the programme'],
  'form.created': ['已创建“{name}”。下一步：邀请居民。', 'Created “{name}”. Next: invite residents.'],
  'form.editTitle': ['修改项目规则', "Edit the programme's rules"],
  'form.editIntro': ['修改日期、积分、奖品和库存后保存，积分引擎会按新规则重新计算全部记录；已有奖品的编号不能改。若有兑换因此不再成立，会通知到本人。', 'Change dates, points, rewards and stock, then save: the points engine recounts every record under the new rules; rewards already in the programme keep their id. Residents whose redemption no longer goes through are told.'],
  'audit.changed': ['{n} 条结果变化', '{n} outcomes changed'],
  'form.save': ['保存修改', 'Save the changes'],
  'form.saved': ['已保存“{name}”。按新规则重新计算后，{n} 条记录的结果有变化。', 'Saved “{name}”. Recounted under the new rules: {n} outcomes changed.'],
  'nav.edit': ['修改规则', 'Edit rules'],
  'audit.action.edit-program': ['修改项目规则', "Edited the programme's rules"],
  'form.fix': ['请先修改标出的项目。', 'Please correct the marked field first.'],
  'form.required': ['请填写此项。', 'Please fill this in.'],
  'form.notNumber': ['请填写一个整数。', 'Enter a whole number.'],

  'err.generic': ['操作未成功：{msg}', 'That did not work: {msg}'],
  'ok.saved': ['已保存', 'Saved'],
  'confirm.yes': ['确定', 'Confirm'],
  'confirm.no': ['取消', 'Cancel'],
};

const LOCALES = ['zh-CN', 'en'];
let locale = LOCALES.includes(localStorage.getItem('hs-console-locale')) ? localStorage.getItem('hs-console-locale') : 'zh-CN';

export const getLocale = () => locale;
export function setLocale(l) {
  locale = LOCALES.includes(l) ? l : 'zh-CN';
  localStorage.setItem('hs-console-locale', locale);
  document.documentElement.lang = locale;
}

export function t(key, vars = {}) {
  const pair = T[key];
  const s = pair ? pair[locale === 'en' ? 1 : 0] : key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] === undefined ? '' : String(vars[k])));
}

/** A programme text ({ 'zh-CN', en }) in the console's language. */
export function text(v) {
  if (!v || typeof v !== 'object') return v == null ? '' : String(v);
  return v[locale] ?? v['zh-CN'] ?? '';
}

export function has(key) {
  return key in T;
}

export function translate(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of root.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder);
}

const dtf = {};
/** A date and time in the console's language and the browser's zone. */
export function when(iso, withTime = true) {
  if (!iso) return '';
  const key = `${locale}${withTime}`;
  dtf[key] ||= new Intl.DateTimeFormat(locale, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
  return dtf[key].format(new Date(iso));
}

/** 'YYYY-MM-DD' in words ('12月1日' / 'Dec 1'), with the year. */
export function day(date) {
  if (!date) return '';
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
