import { graphql } from '../gql';

/**
 * Inspections (检查实施) and results (结果公示): organisation operations go to
 * `/o/<code>/graphql/` (context `orgScope(code)`); `publicResults` is anonymous (`/graphql/`).
 */

export const InspectionCardFieldsFragment = graphql(`
  fragment InspectionCardFields on Inspection {
    id
    reference
    status
    targetKind
    targetCode
    targetName
    targetAddress
    taskTitle
    windowStart
    windowEnd
    teamNumber
    items {
      code
      name
    }
    members {
      role
      name
      certificateNo
    }
  }
`);

export const InspectionsQuery = graphql(`
  query Inspections($status: InspectionStatus, $search: String, $offset: Int, $first: Int) {
    inspections(status: $status, search: $search, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          ...InspectionCardFields
        }
      }
    }
  }
`);

export const OnSiteRecordFieldsFragment = graphql(`
  fragment OnSiteRecordFields on OnSiteRecord {
    id
    clientId
    revision
    version
    previousVersion
    status
    startedAt
    endedAt
    place
    officers {
      name
      certificateNo
    }
    notices {
      certificatesShown
      basisTold
      contentTold
      periodTold
      requirementsTold
      namesTold
    }
    checklist {
      itemCode
      point
      answer
      note
    }
    findings {
      description
      itemCode
      handling
      deadline
      receivingBody
    }
    evidence {
      id
      sha256
      size
      contentType
      kind
      originalName
      source
      takenAt
      latitude
      longitude
      gpsAccuracy
      url
    }
    partyPresent
    signaturePng
    signedName
    refused
    refusalReason
    recordingLink
    confirmedAt
  }
`);

export const ReportFieldsFragment = graphql(`
  fragment ReportFields on InspectionReport {
    id
    status
    inspectedOn
    content
    methods
    situation
    proposals
    resultCategories
    resultLabels
    housingSubcodes
    submittedBy
    submittedAt
    reviewedBy
    reviewComment
    publication {
      approvedOn
      dueOn
      dueUnknown
      unknownYear
      publishedAt
      late
      remainingWorkingDays
      overdue
    }
  }
`);

export const InspectionQuery = graphql(`
  query Inspection($id: ID!) {
    inspection(id: $id) {
      ...InspectionCardFields
      canEdit
      mergedIntoReference
      combinedVisit {
        startsOn
        endsOn
        items
        others {
          organisationCode
          organisationName
          items
          departments
        }
      }
      items {
        code
        name
        legalBasis
        points
      }
      record {
        ...OnSiteRecordFields
      }
      report {
        ...ReportFields
      }
    }
    inspectionChoices {
      notices {
        value
        label
      }
      answers {
        value
        label
      }
      handlings {
        value
        label
      }
      resultCategories {
        value
        label
      }
      housingSubcodes {
        value
        label
        categories
      }
    }
  }
`);

export const ReportDraftQuery = graphql(`
  query InspectionReportDraft($id: ID!) {
    inspectionReportDraft(inspectionId: $id) {
      inspectedOn
      content
      methods
      situation
      proposals
      resultCategories
    }
  }
`);

export const OnSiteRecordSaveMutation = graphql(`
  mutation OnSiteRecordSave($input: OnSiteRecordInput!) {
    onSiteRecordSave(input: $input) {
      record {
        ...OnSiteRecordFields
      }
      alreadyReceived
      errors {
        field
        code
        message
      }
    }
  }
`);

export const OnSiteRecordConfirmMutation = graphql(`
  mutation OnSiteRecordConfirm($id: ID!) {
    onSiteRecordConfirm(id: $id) {
      record {
        ...OnSiteRecordFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const InspectionReportSubmitMutation = graphql(`
  mutation InspectionReportSubmit($inspectionId: ID!, $input: InspectionReportInput!) {
    inspectionReportSubmit(inspectionId: $inspectionId, input: $input) {
      report {
        ...ReportFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const InspectionReportsQuery = graphql(`
  query InspectionReports($status: InspectionReportStatus, $offset: Int, $first: Int) {
    inspectionReports(status: $status, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          ...ReportFields
          inspection {
            id
            reference
            targetName
            targetCode
            taskTitle
          }
        }
      }
    }
  }
`);

export const InspectionReportReviewMutation = graphql(`
  mutation InspectionReportReview($id: ID!, $decision: ReviewDecision!, $comment: String) {
    inspectionReportReview(id: $id, decision: $decision, comment: $comment) {
      report {
        ...ReportFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const PublicResultsQuery = graphql(`
  query PublicResults($query: String, $organisationCode: String, $first: Int, $offset: Int) {
    publicResults(query: $query, organisationCode: $organisationCode, first: $first, offset: $offset) {
      id
      reference
      pdfUrl
      organisationName
      entityName
      uscc
      planTitle
      taskTitle
      items {
        code
        name
      }
      inspectedOn
      inspectingBody
      resultLabels
      publishedAt
    }
  }
`);

export const InspectionDocumentGenerateMutation = graphql(`
  mutation InspectionDocumentGenerate($inspectionId: ID!, $kind: InspectionDocumentKind!) {
    inspectionDocumentGenerate(inspectionId: $inspectionId, kind: $kind) {
      downloadUrl
      job {
        id
        status
        progress
        message
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const PublishedResultsExportMutation = graphql(`
  mutation PublishedResultsExport($year: Int) {
    publishedResultsExport(year: $year) {
      downloadUrl
      job {
        id
        status
        progress
        message
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const EvidenceRemoveMutation = graphql(`
  mutation EvidenceRemove($id: ID!) {
    evidenceRemove(id: $id) {
      removedId
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ReferralFields = graphql(`
  fragment ReferralFields on Referral {
    id
    kind
    kindLabel
    status
    statusLabel
    finding
    statusSince
    receivingBody
    correctionDeadline
    recheckedOn
    recheckNote
    decisionDueAt
    decidedAt
    decisionNote
    transferDueAt
    sentAt
    transferLate
    feedback
    penaltyNumber
    penaltyOn
    penaltyText
    closedAt
    waitingWorkingDays
    overdue
    dueText
    dueAt
    allowedActions
    attachments {
      kind
      label
      evidenceId
    }
    history {
      at
      status
      statusLabel
      by
      note
    }
    inspection {
      id
      reference
      targetName
      targetCode
      record {
        id
        evidence {
          id
          kind
          originalName
          source
          url
        }
      }
    }
  }
`);

export const ReferralsQuery = graphql(`
  query Referrals($openOnly: Boolean, $kind: ReferralKind, $first: Int) {
    referrals(openOnly: $openOnly, kind: $kind, first: $first) {
      totalCount
      edges {
        node {
          ...ReferralFields
        }
      }
    }
    referralAttachmentKinds {
      value
      label
      required
    }
  }
`);

export const ReferralActMutation = graphql(`
  mutation ReferralAct(
    $id: ID!
    $action: String!
    $note: String
    $corrected: Boolean
    $recheckedOn: Date
    $receivingBody: String
    $approve: Boolean
    $attachments: [ReferralAttachmentInput!]
    $penaltyNumber: String
    $penaltyOn: Date
    $penaltyText: String
  ) {
    referralAct(
      id: $id
      action: $action
      note: $note
      corrected: $corrected
      recheckedOn: $recheckedOn
      receivingBody: $receivingBody
      approve: $approve
      attachments: $attachments
      penaltyNumber: $penaltyNumber
      penaltyOn: $penaltyOn
      penaltyText: $penaltyText
    ) {
      referral {
        ...ReferralFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
