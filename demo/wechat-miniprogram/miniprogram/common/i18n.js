// The example's own labels (zh-CN first, English second) and the two settings a resident can
// change: the language and the age-friendly mode, kept with wx storage on the phone.
// Everything the library computes (names, categories, summaries, advice, errors) comes from
// health-steward in the locale asked for, never from this file.
'use strict';

const STRINGS = {
  'zh-CN': {
    app_title: '健康管家',
    app_subtitle: '社区健康小助手',
    app_lang: 'English',
    app_elder: '长辈模式',
    app_loading: '正在加载…',
    app_version: '版本',
    app_privacy: '所有资料只保存在本机，不会上传。',
    tab_risk: '我的风险', tab_plan: '我的计划', tab_checkin: '打卡挑战', tab_readings: '血压血糖',
    tab_risk_hint: '填写资料，看看10年心脑血管病等风险',
    tab_plan_hint: '随访、体检和生活方式安排',
    tab_checkin_hint: '21天打卡，和家人邻居一起坚持',
    plan_remind: '加入手机日历（提前一天提醒）', plan_remind_done: '已加入手机日历',
    tab_readings_hint: '记录家里测的血压血糖',
    not_available: '此功能暂未提供。',
    need_profile: '请先在“我的风险”中填写并保存个人资料。',
    go_profile: '去填写资料', fix_profile: '去修改资料',
    risk_intro: '填写您知道的项目即可，空着的项目不会被猜测。',
    risk_sex: '性别', risk_male: '男', risk_female: '女',
    risk_age: '年龄（岁）', risk_heightCm: '身高（厘米）', risk_weightKg: '体重（公斤）', risk_waistCm: '腰围（厘米）',
    risk_sbp: '收缩压/高压（mmHg）', risk_dbp: '舒张压/低压（mmHg）', risk_onAntihypertensives: '正在服降压药',
    risk_totalCholesterol: '总胆固醇（mmol/L）', risk_hdlCholesterol: '高密度脂蛋白胆固醇（mmol/L）',
    risk_fastingGlucose: '空腹血糖（mmol/L）',
    risk_smoker: '现在吸烟', risk_diabetes: '已确诊糖尿病', risk_hypertension: '已确诊高血压',
    risk_familyAscvd: '父母或兄弟姐妹患过心脑血管病', risk_familyDiabetes: '父母或兄弟姐妹患糖尿病',
    risk_region: '居住地区', risk_north: '北方', risk_south: '南方',
    risk_residence: '城乡', risk_urban: '城市', risk_rural: '农村',
    risk_submit: '评估我的风险', risk_example: '填入示例',
    risk_results: '评估结果', risk_factors: '影响因素', risk_whatIf: '如果做出改变', risk_alerts: '需要注意',
    risk_skipped: '暂未评估的项目', risk_missing: '缺少：', risk_none: '目前没有可用的评估结果。',
    risk_modifiable: '可改善',
    plan_intro: '根据您的资料和国家基本公共卫生服务规范，生成今后一年的随访、体检和生活方式安排。',
    plan_generate: '生成我的计划', plan_ics: '发送日历文件', plan_ics_done: '日历文件已生成，可发送到聊天后用手机日历打开。',
    plan_segments: '我属于', plan_goals: '我的目标', plan_timeline: '日程安排', plan_cards: '温馨提示',
    plan_calendar: '健康管家计划',
    readings_intro: '在家测量后记下来，出现需要注意的情况会提醒您。',
    readings_bp: '血压', readings_glucose: '血糖', readings_sbp: '高压（收缩压）', readings_dbp: '低压（舒张压）',
    readings_value: '血糖值（mmol/L）', readings_fasting: '空腹', readings_postprandial: '餐后2小时', readings_random: '随机',
    readings_add: '记录', readings_added: '已记录', readings_alerts: '提醒', readings_no_alerts: '目前没有需要特别注意的情况。',
    readings_history: '全部记录', readings_empty: '还没有记录。',
    indicator_info: '提示', indicator_warning: '注意', indicator_critical: '紧急',
    kind_follow_up: '随访', kind_health_check: '体检', kind_screening: '筛查', kind_prenatal_visit: '产检',
    kind_postpartum_visit: '产后访视', kind_child_check: '儿童体检', kind_reassessment: '复评',
    kind_lifestyle: '生活方式', kind_education: '健康教育',
    loading_wait: '正在加载健康管家，请稍候…',
    error_check_field: '请检查“{label}”。', error_generic: '这一项没有成功，请检查填写的内容。',
    input_two_numbers: '这一格只填一个数（您填的是“{raw}”）。',
    input_bp_in_one_box: '高压和低压请分开填，这一格只填一个数（您填的是“{raw}”）。',
    input_decimal_comma: '“{raw}”：小数请用小数点，如 4.5。',
    input_not_a_number: '“{raw}”不是一个数，请只填数字，如 5.6。',
    input_glucose_implausible: '血糖 {value} mmol/L 超出了血糖仪能测的范围（最高 33.3）。请检查是否少了小数点（如 4.5），或单位是否应为 mg/dL。',
    pair_dbp_below_sbp: '低压（舒张压）应低于高压（收缩压）：您填的高压是 {sbp}、低压是 {dbp}，是不是填反了？',
    pair_hdl_below_tc: '高密度脂蛋白胆固醇（{value}）应低于总胆固醇（{tc}），请对照化验单核对。',
    pair_ldl_below_tc: '低密度脂蛋白胆固醇（{value}）应低于总胆固醇（{tc}），请对照化验单核对。',
    risk_summary_title: '您的评估结果', risk_next_step: '下一步', risk_top_changes: '最能降低风险的改变',
    risk_combined: '如果这几项都做到，{model}可以从 {from} 降到 {to}（{label}）。',
    risk_others: '其他评估', risk_needs: '需要填写：{fields}。', risk_ideal: '同龄人在理想状态下的风险为 {value}。',
    risk_saved: '资料已保存在本机', risk_as_of: '评估日期 {date}，年龄 {age} 岁', list_sep: '、',
    value_points: '{v} 分', value_cm: '{v} 厘米', value_kg_m2: '{v} kg/m²', value_count: '{v} 项',
    plan_period: '{start} 至 {end}', plan_due: '截止 {date}', plan_relative: '（{rel}）',
    plan_together: '这 {n} 项可以在同一次去社区卫生服务中心时一起完成。',
    readings_unit: '单位', readings_context: '测量时段', readings_date: '测量日期', readings_time: '测量时间',
    readings_future: '测量时间不能晚于现在，请检查日期和时间。',
    readings_delete: '删除', readings_delete_title: '删除这条记录？', readings_delete_confirm: '{when} 的 {what} 删除后不能恢复。',
    readings_cancel: '取消', readings_deleted: '已删除', readings_count: '共 {n} 条，最新的在最上面。',
  },
  en: {
    app_title: 'Health Steward',
    app_subtitle: 'Your community health helper',
    app_lang: '中文',
    app_elder: 'Large text',
    app_loading: 'Loading…',
    app_version: 'Version',
    app_privacy: 'Everything stays on this phone; nothing is uploaded.',
    tab_risk: 'My risk', tab_plan: 'My plan', tab_checkin: 'Check-in', tab_readings: 'Readings',
    tab_risk_hint: 'Your 10-year cardiovascular and other risks',
    tab_plan_hint: 'Follow-ups, check-ups and lifestyle steps',
    tab_checkin_hint: '21 days with your family and neighbours',
    plan_remind: 'Add to my phone calendar (reminder the day before)', plan_remind_done: 'Added to your calendar',
    tab_readings_hint: 'Blood pressure and glucose at home',
    not_available: 'This feature is not available yet.',
    need_profile: 'Please fill in and save your profile under “My risk” first.',
    go_profile: 'Fill in my profile', fix_profile: 'Change my details',
    risk_intro: 'Fill in what you know; nothing left empty is guessed.',
    risk_sex: 'Sex', risk_male: 'Male', risk_female: 'Female',
    risk_age: 'Age (years)', risk_heightCm: 'Height (cm)', risk_weightKg: 'Weight (kg)', risk_waistCm: 'Waist (cm)',
    risk_sbp: 'Systolic / upper BP (mmHg)', risk_dbp: 'Diastolic / lower BP (mmHg)', risk_onAntihypertensives: 'Taking blood pressure medicine',
    risk_totalCholesterol: 'Total cholesterol (mmol/L)', risk_hdlCholesterol: 'HDL cholesterol (mmol/L)',
    risk_fastingGlucose: 'Fasting glucose (mmol/L)',
    risk_smoker: 'I smoke', risk_diabetes: 'Diagnosed with diabetes', risk_hypertension: 'Diagnosed with hypertension',
    risk_familyAscvd: 'A parent or sibling had heart disease or stroke', risk_familyDiabetes: 'A parent or sibling has diabetes',
    risk_region: 'Region', risk_north: 'North', risk_south: 'South',
    risk_residence: 'Area', risk_urban: 'Urban', risk_rural: 'Rural',
    risk_submit: 'Assess my risk', risk_example: 'Use an example',
    risk_results: 'Results', risk_factors: 'Factors', risk_whatIf: 'What if', risk_alerts: 'Please note',
    risk_skipped: 'Not assessed yet', risk_missing: 'Missing: ', risk_none: 'No assessment is available yet.',
    risk_modifiable: 'can change',
    plan_intro: 'Follow-ups, check-ups and lifestyle steps for the coming year, from your profile and the national public health service standards.',
    plan_generate: 'Create my plan', plan_ics: 'Send calendar file', plan_ics_done: 'Calendar file ready: send it to a chat and open it with your calendar.',
    plan_segments: 'I am in', plan_goals: 'My goals', plan_timeline: 'Schedule', plan_cards: 'Good to know',
    plan_calendar: 'Health Steward plan',
    readings_intro: 'Write down what you measure at home; you will be told when something needs attention.',
    readings_bp: 'Blood pressure', readings_glucose: 'Glucose', readings_sbp: 'Systolic (upper)', readings_dbp: 'Diastolic (lower)',
    readings_value: 'Glucose (mmol/L)', readings_fasting: 'Fasting', readings_postprandial: '2 h after a meal', readings_random: 'Any time',
    readings_add: 'Save reading', readings_added: 'Saved', readings_alerts: 'Alerts', readings_no_alerts: 'Nothing needs special attention right now.',
    readings_history: 'All readings', readings_empty: 'No readings yet.',
    indicator_info: 'Info', indicator_warning: 'Warning', indicator_critical: 'Urgent',
    kind_follow_up: 'Follow-up', kind_health_check: 'Check-up', kind_screening: 'Screening', kind_prenatal_visit: 'Prenatal visit',
    kind_postpartum_visit: 'Postpartum visit', kind_child_check: 'Child check', kind_reassessment: 'Reassessment',
    kind_lifestyle: 'Lifestyle', kind_education: 'Health education',
    loading_wait: 'Loading Health Steward, one moment…',
    error_check_field: 'Please check “{label}”.', error_generic: 'That did not work; please check what you entered.',
    input_two_numbers: 'One number per box, please (you typed “{raw}”).',
    input_bp_in_one_box: 'Enter the upper and lower pressure in their own boxes (you typed “{raw}” here).',
    input_decimal_comma: '“{raw}”: please use a decimal point, e.g. 4.5.',
    input_not_a_number: '“{raw}” is not a number; please type digits only, e.g. 5.6.',
    input_glucose_implausible: 'A glucose of {value} mmol/L is beyond what a meter can show (33.3 at most). Check the decimal point (e.g. 4.5), or whether the unit should be mg/dL.',
    pair_dbp_below_sbp: 'The lower (diastolic) pressure must be below the upper (systolic): you entered {sbp} upper and {dbp} lower. Are they swapped?',
    pair_hdl_below_tc: 'HDL cholesterol ({value}) must be below total cholesterol ({tc}); please check your lab report.',
    pair_ldl_below_tc: 'LDL cholesterol ({value}) must be below total cholesterol ({tc}); please check your lab report.',
    risk_summary_title: 'Your result', risk_next_step: 'Next step', risk_top_changes: 'The changes that help most',
    risk_combined: 'With all of these, {model} would go from {from} to {to} ({label}).',
    risk_others: 'Other assessments', risk_needs: 'Needs: {fields}.', risk_ideal: 'With ideal risk factors, someone your age would be at {value}.',
    risk_saved: 'Profile saved on this phone', risk_as_of: 'Assessed on {date}, age {age}', list_sep: ', ',
    value_points: '{v} points', value_cm: '{v} cm', value_kg_m2: '{v} kg/m²', value_count: '{v} factors',
    plan_period: '{start} to {end}', plan_due: 'by {date}', plan_relative: '({rel})',
    plan_together: 'These {n} can be done in one visit to your community health centre.',
    readings_unit: 'Unit', readings_context: 'Timing', readings_date: 'Date', readings_time: 'Time',
    readings_future: 'A measurement cannot be later than now; please check the date and time.',
    readings_delete: 'Delete', readings_delete_title: 'Delete this reading?', readings_delete_confirm: '{what} of {when} cannot be recovered once deleted.',
    readings_cancel: 'Cancel', readings_deleted: 'Deleted', readings_count: '{n} readings, newest first.',
  },
};

function read(key, fallback) {
  try {
    const v = wx.getStorageSync(key);
    return v === '' || v === undefined || v === null ? fallback : v;
  } catch (e) {
    return fallback;
  }
}

function write(key, value) {
  try {
    wx.setStorageSync(key, value);
  } catch (e) {
    // storage full: the setting lasts for this visit only
  }
}

function getLocale() {
  const l = read('hs_locale', 'zh-CN');
  return STRINGS[l] ? l : 'zh-CN';
}

function setLocale(locale) {
  write('hs_locale', STRINGS[locale] ? locale : 'zh-CN');
}

function isElder() {
  return !!read('hs_elder', false);
}

function setElder(on) {
  write('hs_elder', !!on);
}

/** All labels of the current locale (for `{{L.key}}` in WXML). */
function labels() {
  return STRINGS[getLocale()];
}

function t(key, vars) {
  const s = STRINGS[getLocale()][key] || STRINGS['zh-CN'][key] || key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (vars && vars[k] !== undefined ? String(vars[k]) : m));
}

/** A program `Text` ({ 'zh-CN', en }) in the current locale. */
function text(value) {
  if (!value || typeof value !== 'object') return value == null ? '' : String(value);
  return value[getLocale()] || value['zh-CN'] || '';
}

module.exports = { getLocale, setLocale, isElder, setElder, labels, t, text, read, write };
