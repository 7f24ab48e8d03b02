import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Checkbox, Form, Input, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { orgScope } from '../../apollo';
import type { InspectionQuery as InspectionQueryResult, ResultCategory } from '../../gql/graphql';
import { InspectionReportSubmitMutation, ReportDraftQuery } from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { fmtDate, ReportStatusTag } from './format';
import { useInspT } from './i18n';

type Inspection = NonNullable<InspectionQueryResult['inspection']>;
type Choices = InspectionQueryResult['inspectionChoices'];

interface ReportValues {
  inspectedOn: string;
  content: string;
  methods: string;
  situation: string;
  proposals: string;
  resultCategories: string[];
  housingSubcodes: string[];
}

const FIELD_NAMES: Record<string, keyof ReportValues> = {
  inspectedOn: 'inspectedOn',
  content: 'content',
  methods: 'methods',
  situation: 'situation',
  proposals: 'proposals',
  resultCategories: 'resultCategories',
  housingSubcodes: 'housingSubcodes',
};

/** The report (R13): assembled from the confirmed record, edited by the team, sent to review. */
export function ReportSection({ inspection, choices, onChange }: { inspection: Inspection; choices: Choices; onChange: () => void }) {
  const { t } = useInspT();
  const p = usePunct();
  const { code } = useOrg();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const report = inspection.report;
  const editable = inspection.canEdit && (!report || report.status === 'RETURNED' || report.status === 'PENDING');
  const { data: draft } = useQuery(ReportDraftQuery, {
    variables: { id: inspection.id },
    context: orgScope(code),
    skip: Boolean(report) || !inspection.canEdit,
  });
  const [submit, { loading }] = useMutation(InspectionReportSubmitMutation, { context: orgScope(code) });
  const chosen = Form.useWatch('resultCategories', form) ?? [];

  useEffect(() => {
    const source = report ?? draft?.inspectionReportDraft;
    if (!source) return;
    form.setFieldsValue({
      inspectedOn: (source.inspectedOn as string | null) ?? '',
      content: source.content,
      methods: source.methods,
      situation: source.situation,
      proposals: source.proposals,
      resultCategories: (source.resultCategories as string[]).map((c) => c.toLowerCase()),
      housingSubcodes: report ? report.housingSubcodes : [],
    });
  }, [report, draft, form]);

  const onFinish = async (values: ReportValues) => {
    const result = await submit({
      variables: {
        inspectionId: inspection.id,
        input: {
          inspectedOn: values.inspectedOn,
          content: values.content,
          methods: values.methods,
          situation: values.situation,
          proposals: values.proposals ?? '',
          resultCategories: (values.resultCategories ?? []).map((c) => c.toUpperCase() as ResultCategory),
          housingSubcodes: values.housingSubcodes ?? [],
        },
      },
    });
    const errs = result.data?.inspectionReportSubmit?.errors ?? [];
    if (errs.length) {
      form.setFields(
        errs.map((e) => ({ name: FIELD_NAMES[(e.field ?? '').split('.')[0]] ?? 'content', errors: [e.message] })),
      );
      message.error(errs[0].message);
      return;
    }
    message.success(t('rep.submitted'));
    onChange();
  };

  const subcodes = choices.housingSubcodes.filter((s) => s.categories.some((c) => chosen.includes(c.toLowerCase())));

  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="report-section"
      title={
        <Space wrap>
          {t('rep.title')}
          {report && <ReportStatusTag status={report.status} t={t} />}
        </Space>
      }
    >
      {report?.status === 'RETURNED' && (
        <Alert type="warning" showIcon title={t('rep.returned', { comment: report.reviewComment })} style={{ marginBottom: 12 }} />
      )}
      {report && !editable ? (
        <Space direction="vertical">
          <Typography.Text>
            {t('rep.inspectedOn')}{p.colon}{fmtDate(report.inspectedOn as string)}
          </Typography.Text>
          <Typography.Text>
            {t('rep.results')}{p.colon}{report.resultLabels.join(p.sep)}
          </Typography.Text>
          <Typography.Paragraph>{report.situation}</Typography.Paragraph>
        </Space>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={!editable} size="large">
          <Form.Item name="inspectedOn" label={t('rep.inspectedOn')} rules={[{ required: true }]}>
            <Input type="date" data-testid="report-inspected-on" />
          </Form.Item>
          <Form.Item name="content" label={t('rep.content')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="methods" label={t('rep.methods')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="situation" label={t('rep.situation')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name="proposals" label={t('rep.proposals')}>
            <Input.TextArea autoSize={{ minRows: 1 }} />
          </Form.Item>
          <Form.Item name="resultCategories" label={t('rep.results')} rules={[{ required: true }]}>
            <Checkbox.Group
              data-testid="report-results"
              style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
              options={choices.resultCategories.map((c) => ({ value: c.value, label: c.label }))}
            />
          </Form.Item>
          {subcodes.length > 0 && (
            <Form.Item name="housingSubcodes" label={t('rep.subcodes')}>
              <Checkbox.Group options={subcodes.map((s) => ({ value: s.value, label: s.label }))} />
            </Form.Item>
          )}
          {editable && (
            <Button type="primary" htmlType="submit" loading={loading} block data-testid="report-submit">
              {t('rep.submit')}
            </Button>
          )}
        </Form>
      )}
    </Card>
  );
}
