import { useEffect, useState } from 'react';
import { Button, Form, Input } from 'antd';
import { RATING_LEVEL_TEXT, RATING_LEVELS, type RatingLevel } from '@yichuang/domain';
import { api, ApiError, must } from '../api/client';

const KEY = 'yichuang.pad';
interface Binding {
  windowNo: string;
  secret: string;
}

function binding(): Binding | undefined {
  try {
    return (JSON.parse(localStorage.getItem(KEY) ?? 'null') as Binding | null) ?? undefined;
  } catch {
    return undefined;
  }
}

const COLORS: Record<RatingLevel, string> = {
  very_satisfied: '#389e0d',
  satisfied: '#7cb305',
  basic: '#d4b106',
  dissatisfied: '#d46b08',
  very_dissatisfied: '#cf1322',
};

/**
 * 评价器 (/pad): the tablet at a window, bound once to it by the device secret the administrator registered
 * (POST /api/v1/evaluation-pads), kept in the tablet's localStorage; five large buttons rate the window's
 * current service (POST /api/v1/evaluations/pad with X-Device-Secret, no login).
 */
export function EvaluatorPad() {
  const [bound, setBound] = useState<Binding | undefined>(binding);
  const [said, setSaid] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    if (!said) return;
    const t = setTimeout(() => setSaid(undefined), 4000);
    return () => clearTimeout(t);
  }, [said]);

  if (!bound) {
    return (
      <main className="pad pad-setup">
        <h1>评价器绑定窗口</h1>
        <Form
          layout="vertical"
          aria-label="绑定窗口"
          onFinish={(v: Binding) => {
            const b = { windowNo: v.windowNo.trim().toUpperCase(), secret: v.secret.trim() };
            localStorage.setItem(KEY, JSON.stringify(b));
            setBound(b);
          }}
        >
          <Form.Item label="窗口号" name="windowNo" rules={[{ required: true, message: '请输入窗口号' }]}>
            <Input size="large" placeholder="如 W01" />
          </Form.Item>
          <Form.Item label="设备密钥" name="secret" rules={[{ required: true, message: '请输入管理员登记评价器时得到的设备密钥' }]}>
            <Input.Password size="large" />
          </Form.Item>
          <Button type="primary" size="large" htmlType="submit" block>
            绑定
          </Button>
        </Form>
      </main>
    );
  }

  const rate = async (level: RatingLevel) => {
    try {
      await must(api.POST('/api/v1/evaluations/pad', { params: { header: { 'X-Device-Secret': bound.secret } }, body: { windowNo: bound.windowNo, level } }));
      setSaid({ ok: true, text: `感谢您的评价：${RATING_LEVEL_TEXT[level]}` });
    } catch (err) {
      setSaid({ ok: false, text: err instanceof ApiError ? err.message : '评价未能提交，请联系窗口工作人员' });
    }
  };

  return (
    <main className="pad">
      <h1>请对 {bound.windowNo} 窗口的服务进行评价</h1>
      <div className="pad-buttons">
        {RATING_LEVELS.map((l) => (
          <button key={l} type="button" style={{ background: COLORS[l] }} onClick={() => void rate(l)}>
            {RATING_LEVEL_TEXT[l]}
          </button>
        ))}
      </div>
      <p role="status" className={said?.ok === false ? 'pad-said pad-error' : 'pad-said'}>
        {said?.text ?? ''}
      </p>
    </main>
  );
}
