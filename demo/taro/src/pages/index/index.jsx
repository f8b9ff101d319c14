// One page: a few profile fields, a button, and the China-PAR result (label + summary).
// Labels are Chinese first with English beside; the result comes from the library in the chosen
// language. Every number and sentence of the result is health-steward's, none is written here.
import { useState } from 'react';
import { View, Text, Input, Switch, Button } from '@tarojs/components';
import { chinaPar } from '../../health';
import { FIELDS, EXAMPLE, toProfile } from '../../profile';
import './index.css';

function Choice({ field, value, onPick }) {
  return (
    <View className="choice">
      {field.options.map((o) => (
        <View key={o.value} id={`${field.key}-${o.value}`} className={value === o.value ? 'opt on' : 'opt'} onClick={() => onPick(o.value)}>
          {o.label}
        </View>
      ))}
    </View>
  );
}

export default function Index() {
  const [form, setForm] = useState(EXAMPLE);
  const [locale, setLocale] = useState('zh-CN');
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const set = (key, value) => setForm((f) => ({ ...f, [key]: value }));

  async function assess() {
    try {
      setResult(await chinaPar(toProfile(form), locale));
      setError(null);
    } catch (e) {
      setResult(null);
      setError({ field: e.field || '', message: e.message });
    }
  }

  return (
    <View className="page">
      <View className="head">
        <Text className="title">China-PAR 心血管病风险 · 10-year heart risk</Text>
        <View id="lang" className="lang" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
          {locale === 'zh-CN' ? 'English' : '中文'}
        </View>
      </View>
      {FIELDS.map((field) => (
        <View key={field.key} className="row">
          <Text className="label">{field.label}</Text>
          {field.type === 'number' && (
            <Input id={`in-${field.key}`} className="num" type="digit" value={form[field.key]} onInput={(e) => set(field.key, e.detail.value)} />
          )}
          {field.type === 'switch' && (
            <Switch id={`in-${field.key}`} checked={form[field.key]} onChange={(e) => set(field.key, e.detail.value)} />
          )}
          {field.type === 'choice' && <Choice field={field} value={form[field.key]} onPick={(v) => set(field.key, v)} />}
        </View>
      ))}
      <Button id="assess" className="go" onClick={assess}>评估风险 Assess</Button>
      {error && (
        <View id="error" className="error">
          <Text>{error.message}</Text>
        </View>
      )}
      {result && (
        <View id="result" className={`card ${result.category}`}>
          <Text id="value" className="value">{`${result.value}%`}</Text>
          <Text id="label" className="badge">{result.label}</Text>
          <Text id="summary" className="summary">{result.summary}</Text>
          {result.warnings.map((w) => (
            <Text key={w.code} className="warning">{w.message}</Text>
          ))}
        </View>
      )}
    </View>
  );
}
