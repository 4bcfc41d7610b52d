import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { QUEUE_CATEGORY_TEXT, STAGE_TEXT, type QueueCategory } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { Department, HallWindow } from '../../api/views';
import { Problems } from '../Login';

type Kind = HallWindow['kind'];
const KIND_TEXT: Record<Kind, string> = { comprehensive: '综合窗口', business: '业务窗口', consultation: '咨询窗口', pickup: '出件窗口' };
const CATEGORIES = Object.keys(QUEUE_CATEGORY_TEXT) as QueueCategory[];
const STAGES = [1, 2, 3, 4] as const;


interface WindowForm {
  no: string;
  name: string;
  kind: Kind;
  department?: string;
  categories: QueueCategory[];
  stages?: (1 | 2 | 3 | 4)[];
  location?: string;
}

interface DepartmentForm {
  code: string;
  name: string;
  fullName: string;
  shortName: string;
  phone: string;
  address?: string;
}

const opt = (s?: string) => (s?.trim() ? s.trim() : undefined);

/** 窗口与部门 (admin): the hall's windows and the departments — list, create, change, retire. */
export function HallSetup() {
  const [windows, setWindows] = useState<HallWindow[]>([]);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [editingWindow, setEditingWindow] = useState<HallWindow | 'new'>();
  const [editingDepartment, setEditingDepartment] = useState<Department | 'new'>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      const [w, d] = await Promise.all([must<HallWindow[]>(api.GET('/api/v1/admin/windows')), must<Department[]>(api.GET('/api/v1/admin/departments'))]);
      setWindows(w);
      setDepartments(d);
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (f: () => Promise<unknown>, show: (e: ApiError | undefined) => void = setError) => {
    show(undefined);
    try {
      await f();
      await load();
      return true;
    } catch (err) {
      show(asApiError(err));
      return false;
    }
  };

  const saveWindow = async (v: WindowForm) => {
    const body = {
      name: v.name.trim(),
      kind: v.kind,
      categories: v.categories,
      ...(opt(v.department) ? { department: opt(v.department) } : {}),
      ...(v.stages?.length ? { stages: v.stages } : {}),
      ...(opt(v.location) ? { location: opt(v.location) } : {}),
    };
    const ok = await act(
      () =>
        editingWindow === 'new'
          ? must(api.POST('/api/v1/admin/windows', { body: { ...body, no: v.no.trim() } }))
          : must(api.PUT('/api/v1/admin/windows/{no}', { params: { path: { no: editingWindow?.no ?? '' } }, body: { ...body, expectedVersion: editingWindow?.version ?? 0 } })),
      setFormError,
    );
    if (ok) setEditingWindow(undefined);
  };

  const saveDepartment = async (v: DepartmentForm) => {
    const body = { name: v.name.trim(), fullName: v.fullName.trim(), shortName: v.shortName.trim(), phone: v.phone.trim(), ...(opt(v.address) ? { address: opt(v.address) } : {}) };
    const ok = await act(
      () =>
        editingDepartment === 'new'
          ? must(api.POST('/api/v1/admin/departments', { body: { ...body, code: v.code.trim() } }))
          : must(
              api.PUT('/api/v1/admin/departments/{code}', {
                params: { path: { code: editingDepartment?.code ?? '' } },
                body: { ...body, expectedVersion: editingDepartment?.version ?? 0 },
              }),
            ),
      setFormError,
    );
    if (ok) setEditingDepartment(undefined);
  };

  const state = (active: boolean) => <Tag color={active ? 'success' : 'default'}>{active ? '启用' : '已停用'}</Tag>;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Problems error={error} />
      <Card
        title="大厅窗口"
        size="small"
        extra={
          <Button
            type="primary"
            onClick={() => {
              setFormError(undefined);
              setEditingWindow('new');
            }}
          >
            新建窗口
          </Button>
        }
      >
        <Table<HallWindow>
          rowKey="no"
          size="small"
          dataSource={windows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无窗口' }}
          columns={[
            { title: '窗口号', dataIndex: 'no' },
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', render: (k: Kind) => KIND_TEXT[k] ?? k },
            { title: '部门', dataIndex: 'department', render: (d?: string) => d ?? '—' },
            { title: '叫号类别', dataIndex: 'categories', render: (cs: QueueCategory[]) => cs.map((c) => QUEUE_CATEGORY_TEXT[c] ?? c).join('、') },
            { title: '人员', dataIndex: 'staff', render: (s: HallWindow['staff']) => s.map((p) => p.displayName).join('、') || '—' },
            { title: '状态', dataIndex: 'active', render: state },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, w) => (
                <Space>
                  <Button
                    size="small"
                    aria-label={`修改窗口 ${w.no}`}
                    onClick={() => {
                      setFormError(undefined);
                      setEditingWindow(w);
                    }}
                  >
                    修改
                  </Button>
                  {w.active && (
                    <Button
                      size="small"
                      danger
                      aria-label={`停用窗口 ${w.no}`}
                      onClick={() => void act(() => must(api.POST('/api/v1/admin/windows/{no}/retire', { params: { path: { no: w.no } }, body: { expectedVersion: w.version } })))}
                    >
                      停用
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        title="部门"
        size="small"
        extra={
          <Button
            type="primary"
            onClick={() => {
              setFormError(undefined);
              setEditingDepartment('new');
            }}
          >
            新建部门
          </Button>
        }
      >
        <Table<Department>
          rowKey="code"
          size="small"
          dataSource={departments}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无部门' }}
          columns={[
            { title: '部门代码', dataIndex: 'code' },
            { title: '简称', dataIndex: 'name' },
            { title: '全称', dataIndex: 'fullName' },
            { title: '文号简称', dataIndex: 'shortName' },
            { title: '电话', dataIndex: 'phone' },
            { title: '在办事项', dataIndex: 'activeItems' },
            { title: '人员', dataIndex: 'staff' },
            { title: '状态', dataIndex: 'active', render: state },
            {
              title: '操作',
              key: 'actions',
              render: (_: unknown, d) => (
                <Space>
                  <Button
                    size="small"
                    aria-label={`修改部门 ${d.code}`}
                    onClick={() => {
                      setFormError(undefined);
                      setEditingDepartment(d);
                    }}
                  >
                    修改
                  </Button>
                  {d.active && (
                    <Button
                      size="small"
                      danger
                      aria-label={`停用部门 ${d.code}`}
                      onClick={() =>
                        void act(() => must(api.POST('/api/v1/admin/departments/{code}/retire', { params: { path: { code: d.code } }, body: { expectedVersion: d.version } })))
                      }
                    >
                      停用
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        title={editingWindow === 'new' ? '新建窗口' : editingWindow ? `修改窗口：${editingWindow.no}` : ''}
        open={editingWindow !== undefined}
        onCancel={() => setEditingWindow(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Form<WindowForm>
          layout="vertical"
          aria-label="窗口"
          initialValues={editingWindow && editingWindow !== 'new' ? editingWindow : { kind: 'comprehensive', categories: [] }}
          onFinish={(v) => void saveWindow(v)}
        >
          <Problems error={formError} />
          <Form.Item label="窗口号" name="no" rules={[{ required: true, whitespace: true, message: '请填写窗口号' }]}>
            <Input disabled={editingWindow !== 'new'} />
          </Form.Item>
          <Form.Item label="窗口名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写窗口名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="窗口类型" name="kind">
            <Select options={(Object.keys(KIND_TEXT) as Kind[]).map((k) => ({ value: k, label: KIND_TEXT[k] }))} />
          </Form.Item>
          <Form.Item label="所属部门" name="department" extra="业务窗口必选">
            <Select allowClear options={departments.filter((d) => d.active).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }))} />
          </Form.Item>
          <Form.Item label="叫号类别" name="categories" rules={[{ required: true, message: '请至少选择一个叫号类别' }]}>
            <Select mode="multiple" options={CATEGORIES.map((c) => ({ value: c, label: QUEUE_CATEGORY_TEXT[c] }))} />
          </Form.Item>
          <Form.Item label="服务阶段" name="stages" extra="不选则按叫号类别">
            <Select mode="multiple" allowClear options={STAGES.map((s) => ({ value: s, label: STAGE_TEXT[s] }))} />
          </Form.Item>
          <Form.Item label="位置" name="location">
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存窗口
          </Button>
        </Form>
      </Modal>
      <Modal
        title={editingDepartment === 'new' ? '新建部门' : editingDepartment ? `修改部门：${editingDepartment.code}` : ''}
        open={editingDepartment !== undefined}
        onCancel={() => setEditingDepartment(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Form<DepartmentForm>
          layout="vertical"
          aria-label="部门"
          initialValues={editingDepartment && editingDepartment !== 'new' ? editingDepartment : {}}
          onFinish={(v) => void saveDepartment(v)}
        >
          <Problems error={formError} />
          <Form.Item label="部门代码" name="code" extra="大写字母或数字，字母开头，如 ZRZY" rules={[{ required: true, whitespace: true, message: '请填写部门代码' }]}>
            <Input disabled={editingDepartment !== 'new'} />
          </Form.Item>
          <Form.Item label="部门简称" name="name" rules={[{ required: true, whitespace: true, message: '请填写部门简称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="部门全称" name="fullName" rules={[{ required: true, whitespace: true, message: '请填写部门全称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="文号简称" name="shortName" rules={[{ required: true, whitespace: true, message: '请填写文号简称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="联系电话" name="phone" rules={[{ required: true, whitespace: true, message: '请填写联系电话' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="办公地址" name="address">
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存部门
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
