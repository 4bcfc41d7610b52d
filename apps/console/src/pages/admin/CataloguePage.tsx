import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ITEM_KIND_TEXT,
  ITEM_KINDS,
  MATERIAL_FORM_TEXT,
  MATERIAL_FORMS,
  MATERIAL_ORIGINAL_TEXT,
  MATERIAL_ORIGINALS,
  RESULT_DOCUMENT_TYPE_TEXT,
  RESULT_DOCUMENT_TYPES,
  STAGE_TEXT,
  type Stage,
} from '@yichuang/domain';
import { api, ApiError, must, openTab, showPdf, asApiError } from '../../api/client';
import type { Department } from '../../api/views';
import {
  catalogueProblemZh,
  createBody,
  draftOf,
  draftProblems,
  emptyMaterial,
  feesText,
  kindOf,
  limitsText,
  materialText,
  pendingByItem,
  pendingText,
  updateBody,
  versionsOf,
  type CatalogueItemView,
  type CatalogueVersion,
  type ItemDraft,
  type MaterialDraft,
  type ScheduledChange,
} from '../../lib/catalogue';
import { chineseDate } from '../../lib/deadline';
import { Problems } from '../Login';

const STAGES: Stage[] = [1, 2, 3, 4];

function catalogueError(err: unknown): ApiError {
  const e = asApiError(err);
  return new ApiError(e.status, e.code, e.message, e.problems.map(catalogueProblemZh));
}

const local = (problems: string[]) => new ApiError(400, 'VALIDATION_FAILED', '填写的内容有误，请按提示逐项修改', problems);

/** the form's values: the draft, with the effective day as the date picker holds it */
type ItemForm = Omit<ItemDraft, 'effectiveFrom'> & { effectiveFrom?: Dayjs | null };

const today = () => dayjs().format('YYYY-MM-DD');

/** 事项目录 (admin): the catalogue's items with their versions and the changes waiting for their day; create, change, retire, 办事指南. */
export function CataloguePage() {
  const [items, setItems] = useState<CatalogueItemView[]>([]);
  const [versions, setVersions] = useState<CatalogueVersion[]>([]);
  const [pending, setPending] = useState<Map<string, ScheduledChange[]>>(new Map());
  const [departments, setDepartments] = useState<Department[]>([]);
  const [stage, setStage] = useState<Stage>();
  const [editing, setEditing] = useState<CatalogueItemView | 'new'>();
  const [retiring, setRetiring] = useState<CatalogueItemView>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  const [form] = Form.useForm<ItemForm>();
  const [retireForm] = Form.useForm<{ note: string; effectiveFrom?: Dayjs | null }>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      const [i, v, c, d] = await Promise.all([
        must<CatalogueItemView[]>(api.GET('/api/v1/catalog/items', { params: { query: {} } })),
        must<CatalogueVersion[]>(api.GET('/api/v1/admin/catalog/versions')),
        must<ScheduledChange[]>(api.GET('/api/v1/admin/catalog/changes')),
        must<Department[]>(api.GET('/api/v1/admin/departments')),
      ]);
      setItems(i);
      setVersions(v);
      setPending(pendingByItem(c));
      setDepartments(d);
    } catch (err) {
      setError(catalogueError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (item: CatalogueItemView | 'new') => {
    setFormError(undefined);
    setSaved(undefined);
    setEditing(item);
    form.resetFields();
    const draft: Omit<ItemDraft, 'effectiveFrom'> =
      item === 'new'
        ? {
            code: '',
            name: '',
            stage: stage ?? 1,
            departmentCode: '',
            kind: 'promised',
            legalDays: 20,
            promisedDays: 10,
            materials: [emptyMaterial()],
            resultDocumentType: RESULT_DOCUMENT_TYPES[0],
            resultDocumentName: RESULT_DOCUMENT_TYPE_TEXT[RESULT_DOCUMENT_TYPES[0]],
            legalBasis: '',
            free: true,
            windowReview: 'required',
            note: '新增事项',
          }
        : draftOf(item);
    form.setFieldsValue({ ...draft, effectiveFrom: null });
  };

  const save = async () => {
    const isNew = editing === 'new';
    const v = form.getFieldsValue(true) as ItemForm;
    const draft: ItemDraft = { ...v, materials: v.materials ?? [], ...(v.effectiveFrom ? { effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD') } : { effectiveFrom: undefined }) };
    const problems = draftProblems(draft, today(), isNew);
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    try {
      const answer = isNew
        ? await must<CatalogueItemView & { scheduled?: boolean }>(api.POST('/api/v1/admin/catalog/items', { body: createBody(draft) }))
        : await must<CatalogueItemView & { scheduled?: boolean }>(
            api.PATCH('/api/v1/admin/catalog/items/{code}', { params: { path: { code: draft.code } }, body: updateBody(draft) }),
          );
      setEditing(undefined);
      setSaved(
        answer.scheduled
          ? `事项“${answer.name}”的${isNew ? '新增' : '修改'}已排定，${chineseDate(answer.effectiveFrom ?? '')}起生效`
          : `事项“${answer.name}”已${isNew ? '新增' : '修改'}，即日生效`,
      );
      await load();
    } catch (err) {
      setFormError(catalogueError(err));
    }
  };

  const retire = async (v: { note?: string; effectiveFrom?: Dayjs | null }) => {
    if (!retiring) return;
    const note = v.note?.trim() ?? '';
    const day = v.effectiveFrom?.format('YYYY-MM-DD');
    const problems = [...(note ? [] : ['请填写停用原因']), ...(day && day < today() ? [`停用日期不能早于今天（${chineseDate(today())}）`] : [])];
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    try {
      await must(api.POST('/api/v1/admin/catalog/items/{code}/retire', { params: { path: { code: retiring.code } }, body: { note, ...(day ? { effectiveFrom: day } : {}) } }));
      setSaved(day && day > today() ? `事项“${retiring.name}”将于${chineseDate(day)}停用` : `事项“${retiring.name}”已停用`);
      setRetiring(undefined);
      await load();
    } catch (err) {
      setFormError(catalogueError(err));
    }
  };

  const guide = async (code: string) => {
    setError(undefined);
    try {
      await showPdf(openTab(), api.GET('/api/v1/catalog/items/{code}/guide.pdf', { params: { path: { code } }, parseAs: 'blob' }));
    } catch (err) {
      setError(catalogueError(err));
    }
  };

  const departmentName = (code: string) => departments.find((d) => d.code === code)?.name ?? code;
  const shown = items.filter((i) => stage === undefined || i.stage === stage);
  // items created for a later day are not in the list yet: shown from their scheduled change
  const waitingNew = [...pending.values()].flat().filter((c) => c.kind === 'create');
  const isNew = editing === 'new';
  const otherCodes = items.filter((i) => editing === 'new' || i.code !== editing?.code).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Problems error={error} />
      {saved && <Alert type="success" role="status" showIcon message={saved} closable onClose={() => setSaved(undefined)} />}
      <Card
        title="事项目录"
        size="small"
        extra={
          <Space>
            <Select<Stage>
              aria-label="按阶段筛选"
              placeholder="全部阶段"
              allowClear
              style={{ width: 200 }}
              value={stage}
              onChange={setStage}
              options={STAGES.map((s) => ({ value: s, label: `第${s}阶段：${STAGE_TEXT[s]}` }))}
            />
            <Button type="primary" onClick={() => open('new')}>
              新建事项
            </Button>
          </Space>
        }
      >
        {waitingNew.length > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={`待生效的新增事项：${waitingNew.map((c) => `${c.itemCode}（${chineseDate(c.effectiveFrom)}起）`).join('、')}`}
          />
        )}
        <Table<CatalogueItemView>
          rowKey="code"
          size="small"
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无事项' }}
          expandable={{
            expandedRowRender: (i) => (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Descriptions size="small" column={2} bordered>
                  <Descriptions.Item label="办理结果">{i.resultDocument.name}</Descriptions.Item>
                  <Descriptions.Item label="收费">{feesText(i.fees)}</Descriptions.Item>
                  <Descriptions.Item label="设定依据" span={2}>
                    {i.legalBasis ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label="窗口授权">{i.windowReview === 'delegated' ? '综合窗口直接受理' : '受理前由部门审查'}</Descriptions.Item>
                  <Descriptions.Item label="现行状态生效日期">{i.effectiveFrom ? chineseDate(i.effectiveFrom) : '—'}</Descriptions.Item>
                </Descriptions>
                <Typography.Text strong>申请材料</Typography.Text>
                <ol style={{ margin: 0 }}>
                  {i.materials.map((m) => (
                    <li key={m.code}>
                      {m.name}（{materialText(m)}）
                    </li>
                  ))}
                </ol>
                <Typography.Text strong>目录版本</Typography.Text>
                <ul style={{ margin: 0 }}>
                  {versionsOf(versions, i.code).map((v) => (
                    <li key={v.version}>
                      第{v.version}版 · {chineseDate(v.effectiveFrom ?? v.createdAt)}起 · {v.note} · {v.createdBy}
                    </li>
                  ))}
                  {versionsOf(versions, i.code).length === 0 && <li>初始目录</li>}
                </ul>
              </Space>
            ),
          }}
          columns={[
            { title: '事项编码', dataIndex: 'code' },
            { title: '事项名称', dataIndex: 'name' },
            { title: '阶段', dataIndex: 'stage', render: (s: Stage) => `第${s}阶段` },
            { title: '实施部门', key: 'department', render: (_: unknown, i) => i.department.name ?? departmentName(i.department.code) },
            { title: '类型与时限', key: 'limits', render: (_: unknown, i) => limitsText({ kind: kindOf(i), legalDays: i.legalDays, promisedDays: i.promisedDays }) },
            { title: '材料', key: 'materials', render: (_: unknown, i) => `${i.materials.length}项` },
            {
              title: '版本',
              key: 'version',
              render: (_: unknown, i) => {
                const v = versionsOf(versions, i.code)[0];
                return (
                  <Space direction="vertical" size={0}>
                    <span>{v ? `第${v.version}版` : '初始'}</span>
                    {(pending.get(i.code) ?? []).map((c) => (
                      <Tag key={c.id} color="orange">
                        {pendingText(c)}
                      </Tag>
                    ))}
                  </Space>
                );
              },
            },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, i) => (
                <Space wrap>
                  <Button size="small" aria-label={`修改事项 ${i.code}`} onClick={() => open(i)}>
                    修改
                  </Button>
                  <Button size="small" aria-label={`下载办事指南 ${i.code}`} onClick={() => void guide(i.code)}>
                    办事指南
                  </Button>
                  <Button
                    size="small"
                    danger
                    aria-label={`停用事项 ${i.code}`}
                    onClick={() => {
                      setFormError(undefined);
                      retireForm.resetFields();
                      setRetiring(i);
                    }}
                  >
                    停用
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal title={isNew ? '新建事项' : editing ? `修改事项：${editing.code} ${editing.name}` : ''} open={editing !== undefined} onCancel={() => setEditing(undefined)} footer={null} width={960} forceRender>
        <Form<ItemForm> form={form} layout="vertical" aria-label="事项" onFinish={() => void save()}>
          <Problems error={formError} />
          <Space wrap align="start">
            <Form.Item label="事项编码" name="code" extra="部门代码-三位数字，如 FGW-003">
              <Input disabled={!isNew} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item label="事项名称" name="name">
              <Input style={{ width: 420 }} />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item label="服务阶段" name="stage" extra={isNew ? undefined : '阶段和部门不能修改'}>
              <Select<Stage> disabled={!isNew} style={{ width: 220 }} options={STAGES.map((s) => ({ value: s, label: `第${s}阶段：${STAGE_TEXT[s]}` }))} />
            </Form.Item>
            <Form.Item label="实施部门" name="departmentCode">
              <Select disabled={!isNew} style={{ width: 220 }} options={departments.filter((d) => d.active).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} />
            </Form.Item>
            <Form.Item label="事项类型" name="kind">
              <Select style={{ width: 140 }} options={ITEM_KINDS.map((k) => ({ value: k, label: ITEM_KIND_TEXT[k] }))} />
            </Form.Item>
            <Form.Item label="法定时限（工作日）" name="legalDays">
              <InputNumber min={0} max={365} precision={0} />
            </Form.Item>
            <Form.Item label="承诺时限（工作日）" name="promisedDays">
              <InputNumber min={0} max={365} precision={0} />
            </Form.Item>
          </Space>
          <Typography.Text strong>申请材料</Typography.Text>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start" style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', paddingTop: 8 }}>
                    <Form.Item label={`第${i + 1}项材料编码`} name={[f.name, 'code']}>
                      <Input style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item label={`第${i + 1}项材料名称`} name={[f.name, 'name']}>
                      <Input style={{ width: 260 }} />
                    </Form.Item>
                    <Form.Item label={`第${i + 1}项原件或复印件`} name={[f.name, 'original']}>
                      <Select style={{ width: 140 }} options={MATERIAL_ORIGINALS.map((o) => ({ value: o, label: MATERIAL_ORIGINAL_TEXT[o] }))} />
                    </Form.Item>
                    <Form.Item label={`第${i + 1}项材料形式`} name={[f.name, 'forms']}>
                      <Checkbox.Group options={MATERIAL_FORMS.map((x) => ({ value: x, label: MATERIAL_FORM_TEXT[x] }))} />
                    </Form.Item>
                    <Form.Item label={`第${i + 1}项是否必需`} name={[f.name, 'required']} valuePropName="checked">
                      <Checkbox>必需</Checkbox>
                    </Form.Item>
                    <Form.Item label={`第${i + 1}项前置事项`} name={[f.name, 'resultOfItem']} extra="该材料为另一事项的办理结果时选择">
                      <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} options={otherCodes} />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button danger aria-label={`删除第${i + 1}项材料`} onClick={() => remove(f.name)} disabled={fields.length <= 1}>
                        删除
                      </Button>
                    </Form.Item>
                  </Space>
                ))}
                <Button style={{ margin: '8px 0 16px' }} onClick={() => add(emptyMaterial((form.getFieldValue('materials') as MaterialDraft[] | undefined) ?? []))}>
                  添加材料
                </Button>
              </>
            )}
          </Form.List>
          <Space wrap align="start">
            <Form.Item label="办理结果类型" name="resultDocumentType">
              <Select
                style={{ width: 260 }}
                options={RESULT_DOCUMENT_TYPES.map((t) => ({ value: t, label: RESULT_DOCUMENT_TYPE_TEXT[t] }))}
                onChange={(t: (typeof RESULT_DOCUMENT_TYPES)[number]) => form.setFieldValue('resultDocumentName', RESULT_DOCUMENT_TYPE_TEXT[t])}
              />
            </Form.Item>
            <Form.Item label="办理结果名称" name="resultDocumentName">
              <Input style={{ width: 300 }} />
            </Form.Item>
            <Form.Item label="窗口授权" name="windowReview">
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 'required', label: '受理前由部门审查' },
                  { value: 'delegated', label: '综合窗口直接受理' },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item label="设定依据" name="legalBasis">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item label="收费" name="free">
              <Select
                style={{ width: 120 }}
                options={[
                  { value: true, label: '免费' },
                  { value: false, label: '收费' },
                ]}
              />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.free !== b.free}>
              {() =>
                form.getFieldValue('free') === false && (
                  <Space wrap align="start">
                    <Form.Item label="收费金额（元）" name="amount">
                      <InputNumber min={1} precision={0} />
                    </Form.Item>
                    <Form.Item label="收费依据" name="feeBasis">
                      <Input style={{ width: 300 }} />
                    </Form.Item>
                  </Space>
                )
              }
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item label="生效日期" name="effectiveFrom" extra="不填为今天；选择以后的日期，变更将在当日生效（待生效）">
              <DatePicker format="YYYY年M月D日" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item label="变更说明" name="note">
              <Input style={{ width: 420 }} />
            </Form.Item>
          </Space>
          <div>
            <Button type="primary" htmlType="submit">
              保存事项
            </Button>
          </div>
        </Form>
      </Modal>

      <Modal title={retiring ? `停用事项：${retiring.code} ${retiring.name}` : ''} open={retiring !== undefined} onCancel={() => setRetiring(undefined)} footer={null} forceRender>
        <Form form={retireForm} layout="vertical" aria-label="停用事项" onFinish={(v) => void retire(v)}>
          <Problems error={formError} />
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="停用后窗口不能再收件；已受理的办件按原版本继续办理。尚有在办申请（已收件、未受理）时不能停用。" />
          <Form.Item label="停用原因" name="note">
            <Input />
          </Form.Item>
          <Form.Item label="停用日期" name="effectiveFrom" extra="不填为今天">
            <DatePicker format="YYYY年M月D日" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Button type="primary" danger htmlType="submit">
            确认停用
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
