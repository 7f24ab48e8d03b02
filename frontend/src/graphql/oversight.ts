import { graphql } from '../gql';

/**
 * Oversight (issue 14): the prefecture's dashboard, rectification orders, warning cards, the
 * workbench (organisation endpoint, `orgScope(code)`) and the public rates (`/graphql/`).
 */

export const OversightRowFieldsFragment = graphql(`
  fragment OversightRowFields on OversightRow {
    organisationCode
    organisationName
    label
    isPrefecture
    planStatus
    planStatusLabel
    planVersion
    planDue
    planOverdue
    planOverdueReason
    roundsPlanned
    drawsDone
    drawCompletion
    registered
    drawnEntities
    drawnShare
    shareCap
    roundsCap
    overCap
    inspections
    due
    done
    published
    completion
    onTime
    late
    onTimeRate
    results
    problems
    followedUp
    problemRate
    followUpRate
    referralsOpen
    referralWaitDays
    visits
    jointVisits
    jointShare
    inspectedEntities
    coverage
    nearCap {
      code
      visits
    }
    departments {
      department
      visits
    }
  }
`);

export const OversightDashboardQuery = graphql(`
  query OversightDashboard($year: Int!) {
    oversightDashboard(year: $year) {
      year
      hasData
      message
      jointTargetPercent
      visitCap
      redAfterWorkingDays
      definitions {
        key
        label
        formula
        unit
      }
      rows {
        ...OversightRowFields
      }
      total {
        ...OversightRowFields
      }
    }
  }
`);

export const RectificationOrderFieldsFragment = graphql(`
  fragment RectificationOrderFields on RectificationOrder {
    id
    reference
    issuerCode
    issuerName
    countyCode
    countyName
    year
    problem
    legalBasis
    deadlineDays
    dueOn
    dueUnknown
    status
    statusLabel
    escalated
    overdue
    issuedBy
    issuedAt
    events {
      kind
      kindLabel
      organisationCode
      actor
      text
      evidence
      at
    }
  }
`);

export const RectificationOrdersQuery = graphql(`
  query RectificationOrders {
    rectificationOrders {
      ...RectificationOrderFields
    }
  }
`);

export const RectificationOrderQuery = graphql(`
  query RectificationOrder($id: Int!) {
    rectificationOrder(id: $id) {
      ...RectificationOrderFields
    }
  }
`);

export const WarningCardsQuery = graphql(`
  query WarningCards($includeCleared: Boolean) {
    warningCards(includeCleared: $includeCleared) {
      id
      organisationCode
      organisationName
      kind
      subject
      year
      message
      slippedOn
      level
      raisedRedOn
      clearedAt
      clearedBy
      response
    }
  }
`);

export const IssueRectificationOrderMutation = graphql(`
  mutation IssueRectificationOrder(
    $countyCode: String!
    $year: Int!
    $problem: String!
    $legalBasis: String!
    $deadlineDays: Int
  ) {
    issueRectificationOrder(
      countyCode: $countyCode
      year: $year
      problem: $problem
      legalBasis: $legalBasis
      deadlineDays: $deadlineDays
    ) {
      errors {
        field
        code
        message
      }
      order {
        ...RectificationOrderFields
      }
    }
  }
`);

export const RespondRectificationOrderMutation = graphql(`
  mutation RespondRectificationOrder($orderId: Int!, $response: String!, $evidence: [String!]) {
    respondRectificationOrder(orderId: $orderId, response: $response, evidence: $evidence) {
      errors {
        field
        code
        message
      }
      order {
        ...RectificationOrderFields
      }
    }
  }
`);

export const ReviewRectificationOrderMutation = graphql(`
  mutation ReviewRectificationOrder($orderId: Int!, $accept: Boolean!, $comment: String) {
    reviewRectificationOrder(orderId: $orderId, accept: $accept, comment: $comment) {
      errors {
        field
        code
        message
      }
      order {
        ...RectificationOrderFields
      }
    }
  }
`);

export const RespondWarningCardMutation = graphql(`
  mutation RespondWarningCard($cardId: Int!, $response: String!) {
    respondWarningCard(cardId: $cardId, response: $response) {
      errors {
        field
        code
        message
      }
      card {
        id
        clearedAt
      }
    }
  }
`);

export const UpdateOversightSettingMutation = graphql(`
  mutation UpdateOversightSetting($jointTargetPercent: Int!, $redAfterWorkingDays: Int!) {
    updateOversightSetting(jointTargetPercent: $jointTargetPercent, redAfterWorkingDays: $redAfterWorkingDays) {
      errors {
        field
        code
        message
      }
      jointTargetPercent
      redAfterWorkingDays
    }
  }
`);

export const WorkbenchQuery = graphql(`
  query Workbench {
    workbench {
      items {
        key
        label
        count
        link
        hint
        years
      }
      notifications {
        id
        kind
        message
        link
        read
        createdAt
      }
      unreadNotifications
    }
  }
`);

export const UnreadNotificationsQuery = graphql(`
  query UnreadNotifications {
    unreadNotifications
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [Int!]) {
    markNotificationsRead(ids: $ids) {
      errors {
        field
        message
      }
      unread
    }
  }
`);

export const PublicOversightRatesQuery = graphql(`
  query PublicOversightRates($organisationCode: String!, $year: Int!) {
    publicOversightRates(organisationCode: $organisationCode, year: $year) {
      organisationCode
      year
      planPublished
      planVersion
      inspectionsDone
      resultsPublished
      onTime
      late
      onTimeRate
    }
  }
`);
