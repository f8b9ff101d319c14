// The form's fields (Chinese label first, English beside) and how the form becomes a Profile.
// Numbers are kept as typed; the library checks them and answers with a worded Error.
export const FIELDS = [
  { key: 'sex', type: 'choice', label: '性别 Sex', options: [{ value: 'male', label: '男 Male' }, { value: 'female', label: '女 Female' }] },
  { key: 'age', type: 'number', label: '年龄 Age' },
  { key: 'sbp', type: 'number', label: '收缩压 Systolic BP (mmHg)' },
  { key: 'onAntihypertensives', type: 'switch', label: '服降压药 On BP medicine' },
  { key: 'totalCholesterol', type: 'number', label: '总胆固醇 Total cholesterol (mmol/L)' },
  { key: 'hdlCholesterol', type: 'number', label: '高密度脂蛋白胆固醇 HDL cholesterol (mmol/L)' },
  { key: 'waistCm', type: 'number', label: '腰围 Waist (cm)' },
  { key: 'smoker', type: 'switch', label: '吸烟 Smoker' },
  { key: 'diabetes', type: 'switch', label: '糖尿病 Diabetes' },
  { key: 'familyAscvd', type: 'switch', label: '家族心脑血管病史 Family history' },
  { key: 'region', type: 'choice', label: '居住地 Region', options: [{ value: 'north', label: '北方 North' }, { value: 'south', label: '南方 South' }] },
  { key: 'residence', type: 'choice', label: '城乡 Area', options: [{ value: 'urban', label: '城市 Urban' }, { value: 'rural', label: '农村 Rural' }] },
];

export const EXAMPLE = {
  sex: 'male', age: '58', sbp: '148', onAntihypertensives: false, totalCholesterol: '5.6', hdlCholesterol: '1.1',
  waistCm: '92', smoker: true, diabetes: false, familyAscvd: false, region: 'north', residence: 'urban',
};

/** Empty inputs are left out (the library names what is missing); other text goes to Number. */
export function toProfile(form) {
  const profile = { familyHistory: { ascvd: form.familyAscvd } };
  for (const { key, type } of FIELDS) {
    if (key === 'familyAscvd') continue;
    const v = form[key];
    if (type === 'number') {
      if (String(v).trim() !== '') profile[key] = Number(v);
    } else {
      profile[key] = v;
    }
  }
  return profile;
}
