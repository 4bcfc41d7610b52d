import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Radio, Tag, Typography } from 'antd';
import { STAGE_TEXT, STAGES, type Stage } from '@yichuang/domain';
import { api, ApiError, must } from '../../api/client';
import type { components } from '../../api/schema';
import type { CatalogueItem, CreatedApplication } from '../../api/views';
import { checklistFor } from '../../lib/checklist';
import { applicantIdText, mobileText, projectCodeText } from '../../lib/identity';
import { onlineMaterials } from '../../lib/portal';
import { portalApi } from './client';

type ApplicationBody = components['schemas']['CreateApplicationRequest'];

interface Values {
  stage: Stage;
  itemCodes: string[];
  applicantKind: 'enterprise' | 'person';
  applicantName: string;
  idNumber: string;
  phone: string;
  projectCode: string;
  projectName: string;
  projectLocation: string;
}

/** a rule that shows a check's Chinese problem as the person types */
const check = (f: (v: string) => string | null) => ({
  validator: (_r: unknown, v: string | undefined) => {
    const p = v ? f(v) : null;
    return p ? Promise.reject(new Error(p)) : Promise.resolve();
  },
});

/**
 * 网上申报 on /portal: the catalogue item(s) of a stage (public catalogue), the applicant's and the project's fields
 * with their check characters checked as the person types, submitted with `POST /api/v1/portal/applications`
 * (channel online; the electronic materials of the checklist declared, uploaded after the SMS login).
 */
export function OnlineApplication({ onSubmitted }: { onSubmitted: (applicationId: string, phone: string) => void }) {
  const [form] = Form.useForm<Values>();
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [problem, setProblem] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const stage = Form.useWatch('stage', form);
  const chosen = Form.useWatch('itemCodes', form);
  const kind = Form.useWatch('applicantKind', form);

  useEffect(() => {
    void must<CatalogueItem[]>(api.GET('/api/v1/catalog/items', {})).then(setCatalogue, (err: unknown) => err instanceof ApiError && setProblem(err));
  }, []);
  const items = useMemo(() => catalogue.filter((i) => i.stage === stage), [catalogue, stage]);
  const materials = useMemo(() => onlineMaterials(checklistFor(catalogue, chosen ?? [])), [catalogue, chosen]);

  const submit = async (v: Values) => {
    setProblem(undefined);
    setBusy(true);
    try {
      const body: ApplicationBody = {
        channel: 'online',
        stage: v.stage,
        itemCodes: v.itemCodes,
        applicant: { kind: v.applicantKind, name: v.applicantName.trim(), idNumber: v.idNumber.trim().toUpperCase(), phone: v.phone.trim() },
        project: { code: v.projectCode.trim(), name: v.projectName.trim(), location: v.projectLocation.trim() },
        materials: materials.electronic.map((m) => ({ code: m.code, form: 'electronic' as const })),
      };
      const created = await must<CreatedApplication>(portalApi.POST('/api/v1/portal/applications', { body }));
      onSubmitted(created.id, v.phone.trim());
    } catch (err) {
      setProblem(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', '网络异常，请稍后再试', []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="网上申报">
      <Form<Values>
        form={form}
        layout="vertical"
        aria-label="网上申报"
        size="large"
        initialValues={{ stage: 1, applicantKind: 'enterprise', itemCodes: [] }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<Values>) => {
          if ('stage' in changed) form.setFieldsValue({ itemCodes: [] });
          if ('applicantKind' in changed && form.getFieldValue('idNumber')) void form.validateFields(['idNumber']);
        }}
      >
        <Form.Item label="审批阶段" name="stage">
          <Radio.Group options={STAGES.map((s) => ({ value: s, label: STAGE_TEXT[s] }))} />
        </Form.Item>
        <Form.Item label="申请事项" name="itemCodes" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个申请事项' }]}>
          <Checkbox.Group style={{ display: 'grid', gap: 4 }} options={items.map((i) => ({ value: i.code, label: `${i.name}（承诺${i.promisedDays}个工作日）` }))} />
        </Form.Item>
        <Form.Item label="申请人类型" name="applicantKind">
          <Radio.Group options={[{ value: 'enterprise', label: '企业' }, { value: 'person', label: '个人' }]} />
        </Form.Item>
        <Form.Item label="申请人名称" name="applicantName" rules={[{ required: true, whitespace: true, message: '请输入申请人名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          label={kind === 'person' ? '公民身份号码' : '统一社会信用代码'}
          name="idNumber"
          validateTrigger="onChange"
          rules={[{ required: true, message: '请输入证件号码' }, check((v) => applicantIdText((form.getFieldValue('applicantKind') as 'enterprise' | 'person') ?? 'enterprise', v))]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" validateTrigger="onChange" extra="用于接收验证码和办理进度短信" rules={[{ required: true, message: '请输入手机号码' }, check(mobileText)]}>
          <Input maxLength={11} inputMode="numeric" autoComplete="tel" />
        </Form.Item>
        <Form.Item label="项目代码" name="projectCode" validateTrigger="onChange" extra="投资项目在线审批监管平台赋予的24位代码" rules={[{ required: true, message: '请输入项目代码' }, check(projectCodeText)]}>
          <Input maxLength={24} autoComplete="off" />
        </Form.Item>
        <Form.Item label="项目名称" name="projectName" rules={[{ required: true, whitespace: true, message: '请输入项目名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="建设地点" name="projectLocation" rules={[{ required: true, whitespace: true, message: '请输入建设地点' }]}>
          <Input />
        </Form.Item>
        {(materials.electronic.length > 0 || materials.paperOnly.length > 0) && (
          <div aria-label="材料清单" role="group" style={{ marginBottom: 16 }}>
            <Typography.Text strong>材料清单</Typography.Text>
            <ul style={{ paddingLeft: 20 }}>
              {materials.electronic.map((m) => (
                <li key={m.code}>
                  {m.name} {m.required ? <Tag color="red">必交</Tag> : <Tag>选交</Tag>}（提交后登录上传电子版）
                </li>
              ))}
              {materials.paperOnly.map((m) => (
                <li key={m.code}>
                  {m.name} {m.required ? <Tag color="red">必交</Tag> : <Tag>选交</Tag>}（仅收纸质原件，请带到综合窗口）
                </li>
              ))}
            </ul>
          </div>
        )}
        {problem && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={problem.message}
            description={problem.problems.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{problem.problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy} block>
          提交申请
        </Button>
      </Form>
    </Card>
  );
}
