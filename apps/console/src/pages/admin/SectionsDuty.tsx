import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { Department, HallWindow, Section, StaffAccount } from '../../api/views';
import { chineseDate } from '../../lib/deadline';
import { accountLabel, dutyCandidates, dutyProblems, headCandidates, sectionProblems } from '../../lib/hall';
import { Problems } from '../Login';


/** the browser's own check: every problem listed like the API's, nothing sent */
const local = (problems: string[]) => new ApiError(400, 'VALIDATION_FAILED', '填写的内容有误，请按提示逐项修改', problems);

interface SectionForm {
  code: string;
  name: string;
  head?: string;
  active?: boolean;
}

/** 科室与值班 (admin): the departments' sections (科室, with their heads) and each window's daily duty roster (值班). */
export function SectionsDuty() {
  const [departments, setDepartments] = useState<Department[]>([]);
  const [windows, setWindows] = useState<HallWindow[]>([]);
  const [accounts, setAccounts] = useState<StaffAccount[]>([]);
  const [department, setDepartment] = useState<string>();
  const [sections, setSections] = useState<Section[]>([]);
  const [editing, setEditing] = useState<Section | 'new'>();
  const [duty, setDuty] = useState<HallWindow>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();
  const [sectionForm] = Form.useForm<SectionForm>();
  const [dutyForm] = Form.useForm<{ day: Dayjs; usernames: string[] }>();

  const loadHall = useCallback(async () => {
    setError(undefined);
    try {
      const [d, w, a] = await Promise.all([
        must<Department[]>(api.GET('/api/v1/admin/departments')),
        must<HallWindow[]>(api.GET('/api/v1/admin/windows')),
        must<StaffAccount[]>(api.GET('/api/v1/admin/accounts')),
      ]);
      setDepartments(d);
      setWindows(w);
      setAccounts(a);
      setDepartment((current) => current ?? d.find((x) => x.active)?.code);
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);

  const loadSections = useCallback(async (code: string | undefined) => {
    if (!code) return;
    try {
      setSections(await must<Section[]>(api.GET('/api/v1/admin/departments/{code}/sections', { params: { path: { code } } })));
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);

  useEffect(() => {
    void loadHall();
  }, [loadHall]);
  useEffect(() => {
    void loadSections(department);
  }, [department, loadSections]);

  const saveSection = async (v: SectionForm) => {
    if (!department) return;
    const isNew = editing === 'new';
    const problems = sectionProblems(
      { code: isNew ? v.code : (editing?.code ?? ''), name: v.name, ...(v.head ? { head: v.head } : {}) },
      isNew,
      sections,
    );
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    const body = { name: v.name.trim(), ...(v.head ? { head: v.head } : {}) };
    try {
      if (isNew) {
        await must(api.POST('/api/v1/admin/departments/{code}/sections', { params: { path: { code: department } }, body: { ...body, code: v.code.trim() } }));
      } else if (editing) {
        await must(
          api.PUT('/api/v1/admin/departments/{code}/sections/{section}', {
            params: { path: { code: department, section: editing.code } },
            body: { ...body, active: v.active ?? editing.active, expectedVersion: editing.version },
          }),
        );
      }
      setEditing(undefined);
      await loadSections(department);
    } catch (err) {
      setFormError(asApiError(err));
    }
  };

  const saveDuty = async (v: { day?: Dayjs; usernames?: string[] }) => {
    if (!duty) return;
    const usernames = v.usernames ?? [];
    const day = v.day?.format('YYYY-MM-DD');
    const problems = dutyProblems(usernames, day);
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    try {
      await must(api.PUT('/api/v1/admin/windows/{no}/duty', { params: { path: { no: duty.no } }, body: { usernames, ...(day ? { day } : {}) } }));
      setDuty(undefined);
      await loadHall();
    } catch (err) {
      setFormError(asApiError(err));
    }
  };

  const openSection = (s: Section | 'new') => {
    setFormError(undefined);
    setEditing(s);
    sectionForm.setFieldsValue(s === 'new' ? { code: '', name: '', head: undefined, active: true } : { code: s.code, name: s.name, head: s.head, active: s.active });
  };
  const openDuty = (w: HallWindow) => {
    setFormError(undefined);
    setDuty(w);
    // the hall's today is the admin service's (its clock), which the list's roster is of
    dutyForm.setFieldsValue({ day: dayjs(w.duty?.day), usernames: (w.duty?.staff ?? []).map((s) => s.username) });
  };
  const displayName = (u?: string) => (u ? (accounts.find((a) => a.username === u)?.displayName ?? u) : '—');
  const current = departments.find((d) => d.code === department);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Problems error={error} />
      <Tabs
        items={[
          {
            key: 'sections',
            label: '部门科室',
            children: (
              <Card
                size="small"
                title={
                  <Space>
                    <label htmlFor="section-department">部门</label>
                    <Select<string>
                      id="section-department"
                      aria-label="部门"
                      style={{ width: 240 }}
                      value={department}
                      onChange={setDepartment}
                      options={departments.map((d) => ({ value: d.code, label: `${d.name}（${d.code}）${d.active ? '' : '（已停用）'}` }))}
                    />
                  </Space>
                }
                extra={
                  <Button type="primary" disabled={!current?.active} onClick={() => openSection('new')}>
                    新建科室
                  </Button>
                }
              >
                <Table<Section>
                  rowKey="code"
                  size="small"
                  dataSource={sections}
                  pagination={false}
                  locale={{ emptyText: '该部门暂无科室' }}
                  columns={[
                    { title: '科室代码', dataIndex: 'code' },
                    { title: '科室名称', dataIndex: 'name' },
                    { title: '负责人', dataIndex: 'head', render: (h?: string) => (h ? `${displayName(h)}（${h}）` : '—') },
                    { title: '状态', dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'success' : 'default'}>{a ? '启用' : '已停用'}</Tag> },
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, s) => (
                        <Button size="small" aria-label={`修改科室 ${s.code}`} onClick={() => openSection(s)}>
                          修改
                        </Button>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'duty',
            label: '窗口值班',
            children: (
              <Card size="small" title={`今日值班（${chineseDate(windows.find((w) => w.duty)?.duty?.day ?? dayjs().format('YYYY-MM-DD'))}）`}>
                <Table<HallWindow>
                  rowKey="no"
                  size="small"
                  dataSource={windows.filter((w) => w.active)}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: '暂无窗口' }}
                  columns={[
                    { title: '窗口号', dataIndex: 'no' },
                    { title: '名称', dataIndex: 'name' },
                    { title: '绑定人员', dataIndex: 'staff', render: (s: HallWindow['staff']) => s.map((p) => p.displayName).join('、') || '—' },
                    {
                      title: '今日值班',
                      key: 'duty',
                      render: (_: unknown, w) =>
                        w.duty?.staff.length ? (
                          <Space wrap size={4}>
                            {w.duty.staff.map((p) => (
                              <Tag key={p.username} color={p.boundHere ? 'blue' : 'default'}>
                                {p.displayName}
                              </Tag>
                            ))}
                          </Space>
                        ) : (
                          '未安排'
                        ),
                    },
                    {
                      title: '操作',
                      key: 'actions',
                      render: (_: unknown, w) => (
                        <Button size="small" aria-label={`安排值班 ${w.no}`} onClick={() => openDuty(w)}>
                          安排值班
                        </Button>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
        ]}
      />
      <Modal
        title={editing === 'new' ? `新建科室：${current?.name ?? ''}` : editing ? `修改科室：${editing.name}` : ''}
        open={editing !== undefined}
        onCancel={() => setEditing(undefined)}
        footer={null}
        forceRender
      >
        <Form<SectionForm> form={sectionForm} layout="vertical" aria-label="科室" onFinish={(v) => void saveSection(v)}>
          <Problems error={formError} />
          <Form.Item label="科室代码" name="code" extra="1至20位大写字母、数字或连字符，如 GH">
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item label="科室名称" name="name">
            <Input />
          </Form.Item>
          <Form.Item label="科室负责人" name="head" extra="本部门的在用账号">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={headCandidates(accounts, department ?? '').map((a) => ({ value: a.username, label: accountLabel(a) }))}
            />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item label="状态" name="active">
              <Select
                options={[
                  { value: true, label: '启用' },
                  { value: false, label: '停用（不再参加联审）' },
                ]}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit">
            保存科室
          </Button>
        </Form>
      </Modal>
      <Modal title={duty ? `安排值班：${duty.no} ${duty.name}` : ''} open={duty !== undefined} onCancel={() => setDuty(undefined)} footer={null} forceRender>
        <Form form={dutyForm} layout="vertical" aria-label="值班" onFinish={(v) => void saveDuty(v)}>
          <Problems error={formError} />
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message="保存后替换该日的值班安排；每人每天只能在一个窗口值班。" />
          <Form.Item label="值班日期" name="day">
            <DatePicker allowClear={false} format="YYYY年M月D日" />
          </Form.Item>
          <Form.Item label="值班人员" name="usernames">
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              options={duty ? dutyCandidates(accounts, duty.no).map((a) => ({ value: a.username, label: accountLabel(a, duty.no) })) : []}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存值班
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
