import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** UI languages: Chinese first, English second. */
export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_STORAGE_KEY = 'suiji.lang';

const zhCN = {
  'app.name': '随机 Suiji',
  'app.title': '随机 Suiji · 双随机、一公开监管平台',
  'app.subtitle': '双随机、一公开监管平台',
  'lang.switch': '界面语言',

  'nav.home': '工作台',
  'nav.open': '打开菜单',
  'nav.registries': '名录库',
  'nav.plans': '检查计划',
  'nav.draws': '随机抽取',
  'nav.targeted': '定向检查',
  'nav.burden': '受检负担',
  'nav.joint': '联合抽查',
  'nav.inspections': '检查实施',
  'nav.publication': '结果公示',
  'nav.oversight': '监督',
  'nav.audit': '审计日志',
  'nav.members': '人员管理',
  'members.explain': '本机构的人员、角色与登录状态。连续输错密码的账号需输入验证码才能再次登录，管理员可为其解除锁定（记入审计日志）。',
  'members.username': '用户名',
  'members.name': '姓名',
  'members.roles': '角色',
  'members.active': '账号',
  'members.enabled': '启用',
  'members.disabled': '停用',
  'members.failures': '近期登录失败',
  'members.failuresN': '{count} 次',
  'members.lock': '锁定状态',
  'members.locked': '已锁定',
  'members.lockedHint': '再次登录需输入验证码',
  'members.unlocked': '正常',
  'members.actions': '操作',
  'members.unlock': '解除锁定',
  'members.unlockConfirm': '清除 {name} 的登录失败记录并解除锁定？此操作记入审计日志。',
  'members.unlocked.done': '已解除 {name} 的锁定',
  'members.denied': '无权管理本机构人员',
  'members.loadFailed': '人员列表加载失败',

  'section.underConstruction': '建设中',
  'section.registries.desc': '随机抽查事项清单、市场主体与工程项目名录库、执法检查人员名录库（一单两库）。',
  'section.plans.desc': '年度检查计划：抽查范围、事项、比例、频次与时间安排。',
  'section.draws.desc': '公平、可复现、可公开验证的随机抽取检查对象与执法检查人员。',
  'section.inspections.desc': '现场检查笔录、检查报告与告知被检查对象。',
  'section.publication.desc': '检查结果按规定向社会公示。',
  'section.oversight.desc': '上级对县（市）局的监督与督促整改。',

  'role.PREFECTURE_ADMIN': '州局管理员',
  'role.COUNTY_ADMIN': '县（市）局管理员（政策法规科）',
  'role.SECTION_STAFF': '业务科室人员',
  'role.INSPECTOR': '执法检查人员',
  'role.PARTNER_STAFF': '协作部门人员',
  'role.AUDITOR': '审计（上级只读）',

  'kind.PREFECTURE': '州（市）局',
  'kind.COUNTY': '县（市）局',

  'org.switcher': '切换组织',
  'org.readOnly': '只读',
  'org.readOnlyBanner': '只读（上级监督）',
  'org.readOnlyBannerDesc': '您以上级监督身份查看该组织的数据，不能在此修改。',
  'org.code': '行政区划代码',
  'org.kind': '类型',
  'org.parent': '上级组织',
  'org.roles': '我的角色',
  'org.none': '您在任何组织中都还没有角色，请联系管理员。',
  'org.forbidden.title': '无权访问该组织',
  'org.forbidden.desc': '您在组织 {code} 中没有角色。',
  'org.notFound.title': '组织不存在',
  'org.notFound.desc': '没有代码为 {code} 的组织。',
  'org.home.title': '工作台',
  'org.home.intro': '请从左侧菜单选择功能。',
  'app.shortName': '随机',
  'workbench.empty': '当前没有待办事项',
  'workbench.notes': '通知',
  'workbench.readAll': '全部标为已读',
  'workbench.read': '标为已读',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.required.username': '请输入用户名',
  'login.required.password': '请输入密码',
  'login.failed': '登录失败',

  'user.menu': '用户菜单',
  'user.logout': '退出登录',
  'user.login': '登录',
  'user.workspace': '进入工作台',
  'user.account': '我的账号',
  'user.password': '修改密码',
  'idle.title': '即将自动退出登录',
  'idle.body': '您已经约 {minutes} 分钟没有操作。为保护账号安全，{seconds} 秒后将自动退出登录。',
  'idle.stay': '继续使用',
  'idle.signedOut': '由于长时间未操作，您已自动退出登录，请重新登录。',

  'portal.welcome': '双随机、一公开',
  'portal.intro': '随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开。',
  'portal.public': '公开信息',
  'portal.publicDesc': '各单位的抽查计划、抽取结果与检查结果公示。',
  'portal.empty': '暂无公开信息',
  'portal.view': '查看公开信息',
  'portal.back': '返回首页',

  'audit.seq': '序号',
  'audit.at': '时间',
  'audit.actor': '操作人',
  'audit.operation': '操作',
  'audit.objectType': '对象类型',
  'audit.objectId': '对象编号',
  'audit.denied': '无法查看审计日志',

  'job.status.PENDING': '排队中',
  'job.status.RUNNING': '进行中',
  'job.status.SUCCEEDED': '已完成',
  'job.status.FAILED': '失败',
  'job.notFound': '任务不存在',

  'reg.tab.items': '抽查事项清单',
  'reg.tab.entities': '市场主体',
  'reg.tab.projects': '工程项目',
  'reg.tab.inspectors': '检查人员',
  'reg.kind.items': '随机抽查事项清单',
  'reg.kind.entities': '市场主体名录库',
  'reg.kind.projects': '工程项目名录库',
  'reg.kind.inspectors': '执法检查人员名录库',
  'reg.search.items': '搜索事项名称或事项编码',
  'reg.search.entities': '搜索名称或统一社会信用代码',
  'reg.search.projects': '搜索项目名称或项目代码',
  'reg.search.inspectors': '搜索姓名、执法证号或身份证号',
  'reg.total': '共 {count} 条',
  'reg.new': '新增',
  'reg.import': '导入',
  'reg.export': '导出 Excel',
  'reg.view': '查看',
  'reg.edit': '编辑',
  'reg.save': '保存',
  'reg.cancel': '取消',
  'reg.saved': '已保存',
  'reg.reset': '重置',
  'reg.actions': '操作',
  'reg.yes': '是',
  'reg.no': '否',
  'reg.none': '无',
  'reg.loadFailed': '加载失败',
  'reg.notFound': '记录不存在或无权查看',
  'reg.formErrors': '请根据提示修改后重新提交',

  'reg.f.itemCode': '事项编码',
  'reg.f.itemName': '抽查事项',
  'reg.f.legalBasis': '抽查依据',
  'reg.f.responsibleBody': '抽查主体',
  'reg.f.content': '抽查内容',
  'reg.f.method': '抽查方式',
  'reg.f.department': '所属部门',
  'reg.f.enforcementCategory': '专业门类',
  'reg.f.needsExpert': '需专家参与',
  'reg.f.itemActive': '状态',
  'reg.f.version': '版本',
  'reg.f.effectiveFrom': '生效日期',
  'reg.f.effectiveTo': '失效日期',
  'reg.f.updatedAt': '更新时间',
  'reg.f.name': '名称',
  'reg.f.uscc': '统一社会信用代码',
  'reg.f.address': '住所',
  'reg.f.legalRepresentative': '法定代表人',
  'reg.f.contactName': '联系人',
  'reg.f.contactPhone': '联系电话',
  'reg.f.entityType': '主体类型',
  'reg.f.nature': '企业性质',
  'reg.f.region': '所属乡镇（街道）',
  'reg.f.creditClass': '信用等级',
  'reg.f.complaintCount': '投诉举报次数',
  'reg.f.violationCount': '违法违规次数',
  'reg.f.status': '状态',
  'reg.f.establishedOn': '成立日期',
  'reg.f.statusChangedOn': '状态变更日期',
  'reg.f.projectCode': '项目代码',
  'reg.f.projectName': '项目名称',
  'reg.f.location': '项目地点',
  'reg.f.permits': '已取得的行政许可',
  'reg.f.projectLeader': '项目负责人',
  'reg.f.constructionStatus': '施工状态',
  'reg.f.responsibleEntity': '责任主体',
  'reg.f.responsibleEntityUscc': '责任主体统一社会信用代码',
  'reg.f.kind': '类别',
  'reg.f.personName': '姓名',
  'reg.f.idNumber': '身份证号',
  'reg.f.categories': '专业门类',
  'reg.f.certificateNo': '执法证号',
  'reg.f.certificateValidUntil': '执法证有效期至',
  'reg.f.certificateValid': '执法证',
  'reg.f.unit': '工作单位',
  'reg.f.inspectorActive': '在库',

  'reg.dept.HOUSING': '住房和城乡建设',
  'reg.dept.MARKET_SUPERVISION': '市场监管',
  'reg.dept.FIRE': '消防救援',
  'reg.dept.NATURAL_RESOURCES': '自然资源',
  'reg.dept.EMERGENCY_MANAGEMENT': '应急管理',
  'reg.credit.A': 'A级（诚信）',
  'reg.credit.B': 'B级（基本诚信）',
  'reg.credit.C': 'C级（失信风险较高）',
  'reg.credit.D': 'D级（严重失信）',
  'reg.status.ACTIVE': '存续',
  'reg.status.DEREGISTERED': '注销',
  'reg.status.REVOKED': '吊销',
  'reg.cs.NOT_STARTED': '未开工',
  'reg.cs.UNDER_CONSTRUCTION': '在建',
  'reg.cs.SUSPENDED': '停工',
  'reg.cs.COMPLETED': '已竣工',
  'reg.ikind.OFFICER': '执法检查人员',
  'reg.ikind.EXPERT': '专家',
  'reg.ckind.KINSHIP': '近亲属关系',
  'reg.ckind.EMPLOYMENT': '任职关系（现任或曾任）',
  'reg.ckind.SHAREHOLDING': '持股或利益关系',
  'reg.ckind.OTHER': '其他',
  'reg.itemActive.true': '有效',
  'reg.itemActive.false': '已停用',
  'reg.inspActive.true': '在库',
  'reg.inspActive.false': '出库',
  'reg.cert.true': '有效',
  'reg.cert.false': '无效或已过期',

  'reg.detail': '详情',
  'reg.history': '变更历史',
  'reg.versions': '历史版本',
  'reg.history.at': '时间',
  'reg.history.actor': '操作人',
  'reg.history.operation': '操作',
  'reg.history.changes': '变更内容',
  'reg.history.empty': '暂无变更记录',
  'reg.history.created': '新建',
  'reg.statusChange': '登记状态变更',
  'reg.statusChange.on': '变更日期',
  'reg.statusChange.apply': '登记',
  'reg.statusChange.done': '状态已变更',
  'reg.active.on': '入库',
  'reg.active.off': '出库',
  'reg.conflicts': '利害关系（回避）',
  'reg.conflict.declare': '登记利害关系',
  'reg.conflict.withdraw': '撤销',
  'reg.conflict.withdrawConfirm': '确认撤销该利害关系？',
  'reg.conflict.entity': '市场主体',
  'reg.conflict.entitySearch': '输入名称或统一社会信用代码搜索',
  'reg.conflict.kind': '回避原因',
  'reg.conflict.kindRequired': '请选择回避原因（公开抽取记录只显示原因代码）',
  'reg.conflict.reason': '说明（不公开）',
  'reg.conflict.declaredAt': '登记时间',
  'reg.revise.effectiveFrom': '新版本生效日期',
  'reg.revise.note': '修订将生成新版本，旧版本保留并在新版本生效前一日失效。',
  'reg.personal.masked': '个人信息已脱敏显示；不修改请保持原样。',

  'reg.import.title': '导入名录',
  'reg.import.step.kind': '选择类型',
  'reg.import.step.template': '下载模板',
  'reg.import.step.upload': '上传文件',
  'reg.import.step.validate': '校验',
  'reg.import.step.import': '导入',
  'reg.import.step.result': '结果',
  'reg.import.kind': '名录类型',
  'reg.import.update': '更新已有记录',
  'reg.import.updateHelp': '开启后按统一社会信用代码、项目代码、执法证号或事项编码更新已有记录；关闭时已有记录报为重复。',
  'reg.import.template': '下载“{kind}”导入模板',
  'reg.import.templateHelp': '请按模板的中文表头填写，支持 Excel、WPS、LibreOffice 保存的 .xlsx、.xls、.ods 文件。',
  'reg.import.choose': '选择文件',
  'reg.import.uploading': '正在上传…',
  'reg.import.uploaded': '已上传：{name}（{size}）',
  'reg.import.uploadFailed': '上传失败',
  'reg.import.validateHelp': '上传后自动校验文件的全部行（不写入任何数据），并列出每处错误；校验通过后再确认导入。',
  'reg.import.confirmText': '确认后以同一文件正式导入，一次性写入全部行；导入时再次校验，有任何错误仍不写入任何数据。',
  'reg.import.summary': '名录类型：{kind}；文件：{name}；模式：{mode}',
  'reg.import.mode.update': '新增并更新已有记录',
  'reg.import.mode.create': '仅新增',
  'reg.import.valid': '校验通过：{rows} 行可以导入',
  'reg.import.confirm': '确认导入',
  'reg.import.revalidate': '重新校验',
  'reg.import.importing': '正在导入…',
  'reg.import.next': '下一步',
  'reg.import.prev': '上一步',
  'reg.import.close': '关闭',
  'reg.import.retry': '修改后重新上传',
  'reg.import.failed': '校验未通过：共 {count} 处错误，未写入任何数据',
  'reg.import.jobFailed': '导入失败',
  'reg.import.report': '下载错误标注文件',
  'reg.import.succeeded': '导入完成：写入 {rows} 行（新增 {created} 条，更新 {updated} 条）',
  'reg.import.sheet': '工作表',
  'reg.import.row': '行',
  'reg.import.column': '列',
  'reg.import.header': '表头',
  'reg.import.reason': '原因',
  'reg.import.truncated': '仅列出前 {shown} 处错误，完整清单见错误标注文件。',

  'common.loading': '加载中…',
  'common.error': '出错了',
  'common.back': '返回',
  'common.home': '返回首页',
  'common.notFound': '页面不存在',
  'list.more': '展开详情',
  'list.less': '收起详情',
};

export type MessageKey = keyof typeof zhCN;

const enUS: Record<MessageKey, string> = {
  'app.name': 'Suiji',
  'app.title': '随机 Suiji · Double-random, one-public supervision',
  'app.subtitle': 'Double-random, one-public supervision',
  'lang.switch': 'Language',

  'nav.home': 'Workspace',
  'nav.open': 'Open menu',
  'nav.registries': 'Registries',
  'nav.plans': 'Inspection plans',
  'nav.draws': 'Random draws',
  'nav.targeted': 'Targeted inspections',
  'nav.burden': 'Inspection burden',
  'nav.joint': 'Joint inspections',
  'nav.inspections': 'Inspections',
  'nav.publication': 'Publication',
  'nav.oversight': 'Oversight',
  'nav.audit': 'Audit log',
  'nav.members': 'Members',
  'members.explain': 'People, roles and sign-in state. An account with repeated wrong passwords needs a captcha to sign in again; an administrator may unlock it (recorded in the audit log).',
  'members.username': 'Username',
  'members.name': 'Name',
  'members.roles': 'Roles',
  'members.active': 'Account',
  'members.enabled': 'Active',
  'members.disabled': 'Disabled',
  'members.failures': 'Recent failed sign-ins',
  'members.failuresN': '{count}',
  'members.lock': 'Lock',
  'members.locked': 'Locked',
  'members.lockedHint': 'captcha required to sign in',
  'members.unlocked': 'Normal',
  'members.actions': 'Actions',
  'members.unlock': 'Unlock',
  'members.unlockConfirm': 'Clear the failed sign-ins of {name} and unlock the account? This is recorded in the audit log.',
  'members.unlocked.done': '{name} unlocked',
  'members.denied': 'You may not manage the members of this organisation',
  'members.loadFailed': 'Could not load the members',

  'section.underConstruction': 'Under construction',
  'section.registries.desc': 'Inspection item list, market entity and project registries, inspector registry.',
  'section.plans.desc': 'Annual inspection plans: scope, items, ratio, frequency and timing.',
  'section.draws.desc': 'Fair, reproducible and publicly verifiable draws of targets and inspectors.',
  'section.inspections.desc': 'On-site records, inspection reports and notices to the inspected party.',
  'section.publication.desc': 'Publication of inspection results.',
  'section.oversight.desc': 'Oversight of county bureaus and rectification orders.',

  'role.PREFECTURE_ADMIN': 'Prefecture admin',
  'role.COUNTY_ADMIN': 'County admin (policy & regulations)',
  'role.SECTION_STAFF': 'Section staff',
  'role.INSPECTOR': 'Inspector',
  'role.PARTNER_STAFF': 'Partner department staff',
  'role.AUDITOR': 'Auditor (read-only, upper level)',

  'kind.PREFECTURE': 'Prefecture bureau',
  'kind.COUNTY': 'County bureau',

  'org.switcher': 'Switch organisation',
  'org.readOnly': 'Read-only',
  'org.readOnlyBanner': 'Read-only (upper-level oversight)',
  'org.readOnlyBannerDesc': 'You are viewing this organisation as its supervising level and cannot change it here.',
  'org.code': 'Administrative code',
  'org.kind': 'Kind',
  'org.parent': 'Parent',
  'org.roles': 'My roles',
  'org.none': 'You have no role in any organisation yet; please contact an administrator.',
  'org.forbidden.title': 'No access to this organisation',
  'org.forbidden.desc': 'You hold no role in organisation {code}.',
  'org.notFound.title': 'Organisation not found',
  'org.notFound.desc': 'There is no organisation with code {code}.',
  'org.home.title': 'Workspace',
  'org.home.intro': 'Choose a function in the menu on the left.',
  'app.shortName': 'Suiji',
  'workbench.empty': 'Nothing waiting for you',
  'workbench.notes': 'Notifications',
  'workbench.readAll': 'Mark all as read',
  'workbench.read': 'Mark as read',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.required.username': 'Please enter your username',
  'login.required.password': 'Please enter your password',
  'login.failed': 'Sign-in failed',

  'user.menu': 'User menu',
  'user.logout': 'Sign out',
  'user.login': 'Sign in',
  'user.workspace': 'Open workspace',
  'user.account': 'My account',
  'user.password': 'Change password',
  'idle.title': 'You will be signed out soon',
  'idle.body': 'No activity for about {minutes} minutes. To protect your account you will be signed out in {seconds} seconds.',
  'idle.stay': 'Stay signed in',
  'idle.signedOut': 'You were signed out after a period of inactivity. Please sign in again.',

  'portal.welcome': 'Double random, one public',
  'portal.intro': 'Targets and inspectors are drawn at random, and inspections and their results are published.',
  'portal.public': 'Public information',
  'portal.publicDesc': 'Plans, draw results and inspection results published by each bureau.',
  'portal.empty': 'Nothing published yet',
  'portal.view': 'View public information',
  'portal.back': 'Back to the portal',

  'audit.seq': 'No.',
  'audit.at': 'Time',
  'audit.actor': 'Actor',
  'audit.operation': 'Operation',
  'audit.objectType': 'Object type',
  'audit.objectId': 'Object ID',
  'audit.denied': 'The audit log cannot be shown',

  'job.status.PENDING': 'Queued',
  'job.status.RUNNING': 'Running',
  'job.status.SUCCEEDED': 'Done',
  'job.status.FAILED': 'Failed',
  'job.notFound': 'Job not found',

  'reg.tab.items': 'Inspection items',
  'reg.tab.entities': 'Market entities',
  'reg.tab.projects': 'Construction projects',
  'reg.tab.inspectors': 'Inspectors',
  'reg.kind.items': 'Inspection item list',
  'reg.kind.entities': 'Market entity registry',
  'reg.kind.projects': 'Construction project registry',
  'reg.kind.inspectors': 'Inspector registry',
  'reg.search.items': 'Search item name or code',
  'reg.search.entities': 'Search name or USCC',
  'reg.search.projects': 'Search project name or code',
  'reg.search.inspectors': 'Search name, certificate no. or ID number',
  'reg.total': '{count} records',
  'reg.new': 'New',
  'reg.import': 'Import',
  'reg.export': 'Export to Excel',
  'reg.view': 'View',
  'reg.edit': 'Edit',
  'reg.save': 'Save',
  'reg.cancel': 'Cancel',
  'reg.saved': 'Saved',
  'reg.reset': 'Reset',
  'reg.actions': 'Actions',
  'reg.yes': 'Yes',
  'reg.no': 'No',
  'reg.none': 'None',
  'reg.loadFailed': 'Loading failed',
  'reg.notFound': 'Record not found or not visible to you',
  'reg.formErrors': 'Please correct the marked fields and submit again',

  'reg.f.itemCode': 'Item code',
  'reg.f.itemName': 'Inspection item',
  'reg.f.legalBasis': 'Legal basis',
  'reg.f.responsibleBody': 'Responsible body',
  'reg.f.content': 'Content',
  'reg.f.method': 'Method',
  'reg.f.department': 'Department',
  'reg.f.enforcementCategory': 'Enforcement category',
  'reg.f.needsExpert': 'Needs an expert',
  'reg.f.itemActive': 'Status',
  'reg.f.version': 'Version',
  'reg.f.effectiveFrom': 'Effective from',
  'reg.f.effectiveTo': 'Effective to',
  'reg.f.updatedAt': 'Updated',
  'reg.f.name': 'Name',
  'reg.f.uscc': 'Unified social credit code',
  'reg.f.address': 'Address',
  'reg.f.legalRepresentative': 'Legal representative',
  'reg.f.contactName': 'Contact',
  'reg.f.contactPhone': 'Phone',
  'reg.f.entityType': 'Entity type',
  'reg.f.nature': 'Nature',
  'reg.f.region': 'Township / subdistrict',
  'reg.f.creditClass': 'Credit class',
  'reg.f.complaintCount': 'Complaints',
  'reg.f.violationCount': 'Violations',
  'reg.f.status': 'Status',
  'reg.f.establishedOn': 'Established',
  'reg.f.statusChangedOn': 'Status changed',
  'reg.f.projectCode': 'Project code',
  'reg.f.projectName': 'Project name',
  'reg.f.location': 'Location',
  'reg.f.permits': 'Permits held',
  'reg.f.projectLeader': 'Project leader',
  'reg.f.constructionStatus': 'Construction status',
  'reg.f.responsibleEntity': 'Responsible entity',
  'reg.f.responsibleEntityUscc': 'Responsible entity USCC',
  'reg.f.kind': 'Kind',
  'reg.f.personName': 'Name',
  'reg.f.idNumber': 'ID number',
  'reg.f.categories': 'Enforcement categories',
  'reg.f.certificateNo': 'Certificate no.',
  'reg.f.certificateValidUntil': 'Certificate valid until',
  'reg.f.certificateValid': 'Certificate',
  'reg.f.unit': 'Unit',
  'reg.f.inspectorActive': 'In the registry',

  'reg.dept.HOUSING': 'Housing and construction',
  'reg.dept.MARKET_SUPERVISION': 'Market supervision',
  'reg.dept.FIRE': 'Fire and rescue',
  'reg.dept.NATURAL_RESOURCES': 'Natural resources',
  'reg.dept.EMERGENCY_MANAGEMENT': 'Emergency management',
  'reg.credit.A': 'A (trustworthy)',
  'reg.credit.B': 'B (basically trustworthy)',
  'reg.credit.C': 'C (higher risk)',
  'reg.credit.D': 'D (seriously untrustworthy)',
  'reg.status.ACTIVE': 'Active',
  'reg.status.DEREGISTERED': 'Deregistered',
  'reg.status.REVOKED': 'Revoked',
  'reg.cs.NOT_STARTED': 'Not started',
  'reg.cs.UNDER_CONSTRUCTION': 'Under construction',
  'reg.cs.SUSPENDED': 'Suspended',
  'reg.cs.COMPLETED': 'Completed',
  'reg.ikind.OFFICER': 'Officer',
  'reg.ikind.EXPERT': 'Expert',
  'reg.ckind.KINSHIP': 'Kinship',
  'reg.ckind.EMPLOYMENT': 'Employment (current or former)',
  'reg.ckind.SHAREHOLDING': 'Shareholding or interest',
  'reg.ckind.OTHER': 'Other',
  'reg.itemActive.true': 'In force',
  'reg.itemActive.false': 'Withdrawn',
  'reg.inspActive.true': 'In the registry',
  'reg.inspActive.false': 'Removed',
  'reg.cert.true': 'Valid',
  'reg.cert.false': 'Invalid or expired',

  'reg.detail': 'Details',
  'reg.history': 'History',
  'reg.versions': 'Versions',
  'reg.history.at': 'Time',
  'reg.history.actor': 'Actor',
  'reg.history.operation': 'Operation',
  'reg.history.changes': 'Changes',
  'reg.history.empty': 'No changes recorded',
  'reg.history.created': 'Created',
  'reg.statusChange': 'Record a status change',
  'reg.statusChange.on': 'Date of change',
  'reg.statusChange.apply': 'Record',
  'reg.statusChange.done': 'Status changed',
  'reg.active.on': 'In',
  'reg.active.off': 'Out',
  'reg.conflicts': 'Conflicts of interest (recusal)',
  'reg.conflict.declare': 'Declare a conflict',
  'reg.conflict.withdraw': 'Withdraw',
  'reg.conflict.withdrawConfirm': 'Withdraw this conflict of interest?',
  'reg.conflict.entity': 'Market entity',
  'reg.conflict.entitySearch': 'Type a name or USCC to search',
  'reg.conflict.kind': 'Reason code',
  'reg.conflict.kindRequired': 'Choose a reason code (the public draw record shows the code only)',
  'reg.conflict.reason': 'Note (not published)',
  'reg.conflict.declaredAt': 'Declared',
  'reg.revise.effectiveFrom': 'New version effective from',
  'reg.revise.note': 'A revision creates a new version; the old one is kept and ends the day before.',
  'reg.personal.masked': 'Personal data is shown masked; leave it unchanged to keep it.',

  'reg.import.title': 'Import a registry',
  'reg.import.step.kind': 'Kind',
  'reg.import.step.template': 'Template',
  'reg.import.step.upload': 'Upload',
  'reg.import.step.validate': 'Validate',
  'reg.import.step.import': 'Import',
  'reg.import.step.result': 'Result',
  'reg.import.kind': 'Registry',
  'reg.import.update': 'Update existing records',
  'reg.import.updateHelp': 'When on, existing records are updated by USCC, project code, certificate no. or item code; when off, they are reported as duplicates.',
  'reg.import.template': 'Download the “{kind}” template',
  'reg.import.templateHelp': 'Fill in under the Chinese headers of the template; .xlsx, .xls and .ods saved by Excel, WPS or LibreOffice are accepted.',
  'reg.import.choose': 'Choose a file',
  'reg.import.uploading': 'Uploading…',
  'reg.import.uploaded': 'Uploaded: {name} ({size})',
  'reg.import.uploadFailed': 'Upload failed',
  'reg.import.validateHelp': 'Once uploaded, every row of the file is validated (nothing is written) and every error is listed; you confirm the import afterwards.',
  'reg.import.confirmText': 'Confirm to import the same file: all rows are written at once; they are validated again and nothing is written on any error.',
  'reg.import.summary': 'Registry: {kind}; file: {name}; mode: {mode}',
  'reg.import.mode.update': 'create and update existing',
  'reg.import.mode.create': 'create only',
  'reg.import.valid': 'Validation passed: {rows} rows can be imported',
  'reg.import.confirm': 'Confirm import',
  'reg.import.revalidate': 'Validate again',
  'reg.import.importing': 'Importing…',
  'reg.import.next': 'Next',
  'reg.import.prev': 'Back',
  'reg.import.close': 'Close',
  'reg.import.retry': 'Correct and upload again',
  'reg.import.failed': 'Validation failed: {count} errors, nothing was written',
  'reg.import.jobFailed': 'Import failed',
  'reg.import.report': 'Download the annotated error file',
  'reg.import.succeeded': 'Import done: {rows} rows written ({created} created, {updated} updated)',
  'reg.import.sheet': 'Sheet',
  'reg.import.row': 'Row',
  'reg.import.column': 'Column',
  'reg.import.header': 'Header',
  'reg.import.reason': 'Reason',
  'reg.import.truncated': 'Only the first {shown} errors are listed; the annotated file has them all.',

  'common.loading': 'Loading…',
  'common.error': 'Something went wrong',
  'common.back': 'Back',
  'common.home': 'Home',
  'common.notFound': 'Page not found',
  'list.more': 'Show details',
  'list.less': 'Hide details',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** One dictionary: a text per key, per language (the app's own, and each part's `DICT`). */
export type Dictionary<K extends string> = Record<Lang, Record<K, string>>;

/** A text of a dictionary in `lang` (else in Chinese, else the key), its `{param}`s filled in. */
export function translateIn<K extends string>(
  dict: Dictionary<K>,
  lang: Lang,
  key: K,
  params?: Record<string, string | number>,
): string {
  const text = dict[lang][key] ?? dict[DEFAULT_LANG][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return translateIn(messages, lang, key, params);
}

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children, initialLang }: { children: ReactNode; initialLang?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? storedLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, params) => translate(lang, key, params) }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() outside <I18nProvider>');
  return value;
}

/** `t` over a part's dictionary, in the language of the app. */
export function useDictT<K extends string>(
  dict: Dictionary<K>,
): { t: (key: K, params?: Record<string, string | number>) => string; lang: Lang } {
  const { lang } = useI18n();
  const t = useCallback(
    (key: K, params?: Record<string, string | number>) => translateIn(dict, lang, key, params),
    [dict, lang],
  );
  return { t, lang };
}

/**
 * Punctuation between texts a page puts together, in the language of the app: Chinese uses its
 * full-width marks (、；：，（）), English its own with spaces. Pages join lists, errors and
 * labels through these, never with a full-width mark written in the page
 * (`i18n.sources.test.ts` refuses one).
 */
export interface Punct {
  /** between the names of a list: 、 | ", " */
  sep: string;
  /** between sentences or messages: ； | "; " */
  semi: string;
  /** between clauses: ， | ", " */
  comma: string;
  /** after a label: ： | ": " */
  colon: string;
  /** around an aside: （ | " (" and ） | ")" */
  open: string;
  close: string;
  /** between the two ends of a range of dates: " ～ " | " – " */
  to: string;
  /** `text` in brackets, as an aside to what precedes it */
  paren: (text: string | number) => string;
}

const PUNCT: Record<Lang, Omit<Punct, 'paren'>> = {
  'zh-CN': { sep: '、', semi: '；', comma: '，', colon: '：', open: '（', close: '）', to: ' ～ ' },
  'en-US': { sep: ', ', semi: '; ', comma: ', ', colon: ': ', open: ' (', close: ')', to: ' – ' },
};

export function punctIn(lang: Lang): Punct {
  const marks = PUNCT[lang];
  return { ...marks, paren: (text) => `${marks.open}${text}${marks.close}` };
}

/** The punctuation of the app's language (see `Punct`). */
export function usePunct(): Punct {
  const { lang } = useI18n();
  return useMemo(() => punctIn(lang), [lang]);
}
