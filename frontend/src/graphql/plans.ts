import { graphql } from '../gql';

/**
 * Annual inspection plans (issue 4). Organisation operations go to `/o/<code>/graphql/`
 * (context `orgScope(code)`); the public ones (`PublicPlans…`, working days) to `/graphql/`.
 */

export const PlanErrorFieldsFragment = graphql(`
  fragment PlanErrorFields on MutationError {
    field
    code
    message
  }
`);

export const PlanTaskFieldsFragment = graphql(`
  fragment PlanTaskFields on PlanTask {
    id
    position
    title
    section
    departments
    targetKind
    scopeKind
    entityTypes
    natures
    regions
    creditClasses
    samplingMode
    ratioBp
    targetCount
    officersPerTeam
    targetsPerTeam
    categories
    expertsPerTeam
    notes
    updatedAt
    creditRatios {
      creditClass
      ratioBp
    }
    rounds {
      number
      startsOn
      endsOn
    }
    items {
      code
      name
      version
      legalBasis
      needsExpert
      enforcementCategory
    }
  }
`);

export const AnnualPlanFieldsFragment = graphql(`
  fragment AnnualPlanFields on AnnualPlan {
    id
    year
    title
    status
    version
    reportedAt
    reportedTo
    reportedOn
    publishedAt
    adjustedAt
    adjustmentReason
    adjustmentDue
    adjustmentDueUnknown
    draftDue
    updatedAt
    availableActions
    tasks {
      ...PlanTaskFields
    }
    transitions {
      action
      fromStatus
      toStatus
      comment
      recipient
      onDate
      actorName
      at
    }
    publications {
      version
      publishedAt
      note
    }
  }
`);

export const PlanOfYearQuery = graphql(`
  query PlanOfYear($year: Int!) {
    annualPlan(year: $year) {
      ...AnnualPlanFields
    }
  }
`);

export const PlanYearsQuery = graphql(`
  query PlanYears {
    annualPlans(first: 50) {
      totalCount
      edges {
        node {
          id
          year
          status
          version
        }
      }
    }
  }
`);

/** Active items of the organisation's inspection item list, for the task form. */
export const PlanItemOptionsQuery = graphql(`
  query PlanItemOptions {
    inspectionItems(active: true, first: 500, orderBy: CODE) {
      totalCount
      edges {
        node {
          id
          code
          name
          version
          department
          enforcementCategory
          needsExpert
        }
      }
    }
  }
`);

export const PlanSimulationQuery = graphql(`
  query PlanSimulation($taskId: ID!, $round: Int!) {
    planSimulation(taskId: $taskId, round: $round) {
      pool
      targets
      targetsMin
      teams
      officersNeeded
      officersEligible
      expertsNeeded
      expertsEligible
      warnings
      notices {
        code
        message
        params
      }
      strata {
        region
        entityType
        creditClass
        pool
        ratioBp
        targets
        targetsMin
        probability {
          numerator
          denominator
          percent
        }
      }
    }
  }
`);

export const PlanStatusRowFieldsFragment = graphql(`
  fragment PlanStatusRowFields on PlanStatusRow {
    year
    status
    version
    draftDue
    reportedAt
    reportedTo
    acknowledgedAt
    publishedAt
    adjustedAt
    adjustmentDue
    adjustmentDueUnknown
    overdue
    overdueReason
    roundsPlanned
    drawsDone
    targetsDrawn
    resultsPublished
    organisationCode
    organisationName
  }
`);

export const PlanStatusesQuery = graphql(`
  query PlanStatuses($year: Int) {
    planStatuses(year: $year) {
      ...PlanStatusRowFields
    }
  }
`);

export const PlanRemindersQuery = graphql(`
  query PlanReminders($unreadOnly: Boolean) {
    reminders(unreadOnly: $unreadOnly) {
      id
      kind
      year
      subjectCode
      dueOn
      message
      read
      createdAt
    }
  }
`);

export const CreateAnnualPlanMutation = graphql(`
  mutation CreateAnnualPlan($year: Int!, $title: String) {
    createAnnualPlan(year: $year, title: $title) {
      plan {
        ...AnnualPlanFields
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const CreatePlanTaskMutation = graphql(`
  mutation CreatePlanTask($planId: ID!, $input: PlanTaskInput!) {
    createPlanTask(planId: $planId, input: $input) {
      task {
        ...PlanTaskFields
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const UpdatePlanTaskMutation = graphql(`
  mutation UpdatePlanTask($id: ID!, $input: PlanTaskInput!) {
    updatePlanTask(id: $id, input: $input) {
      task {
        ...PlanTaskFields
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const DeletePlanTaskMutation = graphql(`
  mutation DeletePlanTask($id: ID!) {
    deletePlanTask(id: $id) {
      deletedId
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const TransitionPlanMutation = graphql(`
  mutation TransitionPlan($planId: ID!, $action: PlanAction!, $comment: String, $recipient: String, $reportedOn: Date) {
    transitionPlan(planId: $planId, action: $action, comment: $comment, recipient: $recipient, reportedOn: $reportedOn) {
      plan {
        ...AnnualPlanFields
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const AcknowledgePlanReportMutation = graphql(`
  mutation AcknowledgePlanReport($organisationCode: String!, $year: Int!) {
    acknowledgePlanReport(organisationCode: $organisationCode, year: $year) {
      status {
        ...PlanStatusRowFields
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

export const MarkPlanReminderReadMutation = graphql(`
  mutation MarkPlanReminderRead($id: ID!) {
    markReminderRead(id: $id) {
      reminder {
        id
        read
      }
      errors {
        ...PlanErrorFields
      }
    }
  }
`);

/** Public (no login, /graphql/): published plans and every earlier version. */
export const PublicPlansQuery = graphql(`
  query PublicPlans($organisationCode: String!, $year: Int) {
    publicPlans(organisationCode: $organisationCode, year: $year) {
      organisationCode
      organisationName
      year
      title
      currentVersion
      beingAdjusted
      versions {
        id
        organisationCode
        year
        version
        publishedAt
        note
        snapshot
      }
    }
  }
`);
