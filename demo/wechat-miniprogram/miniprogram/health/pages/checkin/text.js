// The check-in page's labels (zh-CN first, English), in the current language of common/i18n.js.
'use strict';
const i18n = require('../../../common/i18n.js');

const T = {
  'zh-CN': {
    intro: '每天量血压、走一走，打卡攒积分，和家人邻居一起坚持。',
    today: '今日打卡', done: '今天已打卡', not_started: '挑战 {date} 开始', day_of: '第 {n} 天，共 {days} 天',
    streak: '连续打卡', completed: '已完成', makeup: '补签卡', makeup_hint: '点一下错过的日子，可以用补签卡补上。',
    makeup_title: '使用补签卡', makeup_confirm: '用 1 张补签卡补上 {date}？',
    balance: '积分余额', tier: '会员等级', benefits: '当前权益：{list}', no_benefits: '当前权益：普通会员暂无额外权益。',
    next: '再得 {n} 分升到“{tier}”，可享：{benefits}', top: '已是最高等级',
    next_reachable: '坚持打卡到挑战结束，最多还能得 {max} 分，够升级。',
    next_far: '本期挑战最多还能得 {max} 分，升级还需要更久；参加社区健康讲座（每次 {activity} 分）或按时随访（每次 {followUp} 分）会更快。',
    pending_points: '另有 {n} 分待同步后入账',
    milestones: '坚持奖励', milestone: '连续 {d} 天', completion: '完成 {d} 天', reached: '已获得', to_go: '还差 {n} 天', missed_out: '本期已错过', bonus: '+{n} 分',
    rewards: '积分兑换', cost: '{n} 分', left: '剩 {n} 份', sold_out: '已兑完', unlimited: '不限量', redeem: '兑换', need_points: '还差 {n} 分',
    redeem_title: '兑换积分', redeem_confirm: '用 {cost} 积分兑换“{reward}”？兑换后请到社区服务台出示兑换码。', online_only: '加入社区挑战后可以兑换。',
    vouchers: '我的兑换券', voucher_show: '到社区服务台出示此兑换码', voucher_pending: '等待联网发送，送达后生效', voucher_ready: '有效', voucher_refused: '未成功',
    board: '排行榜', family: '家庭榜', building: '楼栋榜', points: '分/人', members: '{n} 人', mine: '（我家）', my_building: '（我的楼）',
    board_standalone: '加入社区挑战后，这里会显示家庭榜和楼栋榜。', board_empty: '排行榜还没有数据。', board_offline: '现在无法连接社区服务，显示的是上次的排行。',
    awarded: '+{n} 积分', saved_offline: '已记录，联网后自动同步', refused: '未成功：',
    summary: '本期挑战已结束', summary_done: '恭喜您完成了全部 {days} 天！', summary_partly: '您在 {days} 天里打卡 {n} 天。', summary_points: '本期挑战共得 {n} 分，最长连续 {longest} 天',
    standalone: '单机模式：没有连接社区服务，打卡记录只保存在这部手机上，没有家庭榜和楼栋榜。',
    join_title: '加入社区挑战', join_hint: '扫描社区发的二维码，或粘贴邀请链接。', join_scan: '扫码加入', join_link: '邀请链接', join_name: '您在排行榜上显示的名字',
    join_go: '加入', join_bad_link: '这不是有效的邀请链接，请检查后再试。', join_need_name: '请填写显示的名字。', joined: '已加入“{name}”',
    connected: '社区挑战：{name}', demo: '演示数据：这个社区的其他居民和记录都是生成的，不是真实的人。',
    sync_ok: '已与社区同步', sync_pending: '有 {n} 条记录等待同步', sync_now: '立即同步',
    privacy: '只有打卡、积分和兑换记录会发送到社区服务，健康资料始终只在本机。',
    leave: '退出社区挑战', leave_title: '退出社区挑战', leave_confirm: '退出后，这部手机不再同步打卡，已发送的记录仍保留在社区。确定退出？',
    reset: '清除本机打卡记录', reset_title: '清除打卡记录', reset_confirm: '清除这部手机上的打卡记录和积分，重新开始？此操作不能撤销。',
    change_stock: '您兑换的“{reward}”没有成功：另一位居民更早提出了申请（当时手机未联网，后来才送达社区），最后一份归了对方。积分已退回。',
    change_other: '您兑换的“{reward}”没有成功（{reason}）。积分已退回。', change_ok: '知道了',
    late_stock: '您兑换的“{reward}”没有成功：在您的申请送达社区之前，这份奖品已经兑完了。积分没有扣除。',
    join_other: '这个邀请链接属于另一个社区挑战，请先退出现在的挑战再加入。',
    lost: '这部手机已不能和社区同步（登录已过期或已被取消）。请向社区服务台要一个新的邀请链接或二维码，打开后重新加入。',
    lost_kept: '还没送出的 {n} 条打卡记录都保存在手机上，重新加入后会自动送出。',
    leave_unsent: '这部手机上还有 {n} 条打卡记录没有送出，退出后会丢失。',
    carried_sent: '重新加入后，您之前没送出的 {n} 条打卡记录已经送到社区。',
    carried_not_counted: '其中 {n} 条没有计入：新的参与从重新加入的那天算起。',
    carried_kept: '您之前没送出的 {n} 条打卡记录已转到新的参与，联网后会自动送出。',
  },
  en: {
    intro: 'Measure your blood pressure, take a walk, check in every day and earn points with your family and neighbours.',
    today: 'Check in today', done: 'Checked in today', not_started: 'The challenge starts on {date}', day_of: 'Day {n} of {days}',
    streak: 'Streak', completed: 'Done', makeup: 'Make-up cards', makeup_hint: 'Tap a missed day to make it up with a card.',
    makeup_title: 'Use a make-up card', makeup_confirm: 'Use 1 make-up card for {date}?',
    balance: 'Balance', tier: 'Level', benefits: 'Your benefits: {list}', no_benefits: 'Your benefits: none yet for regular members.',
    next: '{n} more points to “{tier}”: {benefits}', top: 'Top level reached',
    next_reachable: 'Checking in every day until the end gives up to {max} more points: enough to move up.',
    next_far: 'This challenge can give up to {max} more points, so moving up takes longer; community health talks ({activity} points each) and follow-up visits ({followUp} points each) help.',
    pending_points: '{n} more points once synced',
    milestones: 'Bonuses for keeping at it', milestone: '{d} days in a row', completion: 'All {d} days', reached: 'Earned', to_go: '{n} days to go', missed_out: 'Missed this time', bonus: '+{n} points',
    rewards: 'Rewards', cost: '{n} points', left: '{n} left', sold_out: 'All gone', unlimited: 'No limit', redeem: 'Redeem', need_points: '{n} points short',
    redeem_title: 'Redeem points', redeem_confirm: 'Spend {cost} points on “{reward}”? Show the voucher code at the community desk.', online_only: 'Join the community challenge to redeem.',
    vouchers: 'My vouchers', voucher_show: 'Show this code at the community desk', voucher_pending: 'Waiting for a connection; valid once it arrives', voucher_ready: 'Valid', voucher_refused: 'Did not go through',
    board: 'Leaderboard', family: 'Families', building: 'Buildings', points: 'points per person', members: '{n} people', mine: ' (my family)', my_building: ' (my building)',
    board_standalone: 'Join the community challenge to see the family and building leaderboards here.', board_empty: 'No one is on the leaderboard yet.', board_offline: 'The community service cannot be reached; showing the last ranking.',
    awarded: '+{n} points', saved_offline: 'Saved; it will sync when you are online', refused: 'Not accepted: ',
    summary: 'This challenge has ended', summary_done: 'Congratulations: you completed all {days} days!', summary_partly: 'You checked in on {n} of {days} days.', summary_points: '{n} points in this challenge; longest streak {longest} days',
    standalone: 'On this phone only: not connected to a community service; your check-ins stay on this phone and there are no family or building leaderboards.',
    join_title: 'Join the community challenge', join_hint: 'Scan the QR code from your community, or paste the invite link.', join_scan: 'Scan to join', join_link: 'Invite link', join_name: 'Your name on the leaderboard',
    join_go: 'Join', join_bad_link: 'This is not a valid invite link; please check it.', join_need_name: 'Please enter the name to show.', joined: 'Joined “{name}”',
    connected: 'Community challenge: {name}', demo: 'Demo data: the other residents and records of this community are generated, not real people.',
    sync_ok: 'Synced with the community', sync_pending: '{n} records waiting to sync', sync_now: 'Sync now',
    privacy: 'Only check-ins, points and vouchers go to the community service; health data stays on this phone.',
    leave: 'Leave the community challenge', leave_title: 'Leave the challenge', leave_confirm: 'This phone stops syncing; what was already sent stays with the community. Leave?',
    reset: 'Clear the check-ins on this phone', reset_title: 'Clear check-ins', reset_confirm: 'Clear the check-ins and points on this phone and start again? This cannot be undone.',
    change_stock: 'Your “{reward}” did not go through: another resident asked for it earlier (their phone was offline and synced later), so the last one went to them. Your points are back.',
    change_other: 'Your “{reward}” did not go through ({reason}). Your points are back.', change_ok: 'OK',
    late_stock: 'Your “{reward}” did not go through: this reward ran out before your request reached the centre. No points were taken.',
    join_other: 'This invite link is for another community challenge; please leave the current one first.',
    lost: 'This phone can no longer sync with the community (its sign-in ended or was cancelled). Please ask the community desk for a new invite link or QR code, and open it to join again.',
    lost_kept: ' Check-ins kept on this phone, not sent yet: {n}. They will be sent once you have joined again.',
    leave_unsent: 'Check-ins on this phone not sent yet: {n}. Leaving deletes them. ',
    carried_sent: 'You joined again: the check-ins you had not sent yet ({n}) have reached the community.',
    carried_not_counted: ' Not counted: {n}, because your new membership starts on the day you joined again.',
    carried_kept: 'The check-ins you had not sent yet ({n}) now belong to your new membership; they will be sent once you are online.',
  },
};

function t(key, vars, locale = i18n.getLocale()) {
  const table = T[locale] || T['zh-CN'];
  const s = table[key] || T['zh-CN'][key] || key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars && vars[k] !== undefined ? String(vars[k]) : ''));
}

/** `key` (then `more`, when given) in Chinese and in English, whatever the language set: { zh, en }. */
function both(key, vars, more) {
  const one = (locale) => t(key, vars, locale) + (more ? t(more, vars, locale) : '');
  return { zh: one('zh-CN'), en: one('en') };
}

const labels = () => T[i18n.getLocale()] || T['zh-CN'];

module.exports = { t, both, labels };
