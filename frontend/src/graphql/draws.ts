import { graphql } from '../gql';

/**
 * Random draws (issue 5). Organisation operations go to `/o/<code>/graphql/` (context
 * `orgScope(code)`); the public ones (`PublicDraws`, `PublicDraw`) to `/graphql/`, no login.
 */

export const DrawErrorFieldsFragment = graphql(`
  fragment DrawErrorFields on MutationError {
    field
    code
    message
  }
`);

export const DrawSummaryFieldsFragment = graphql(`
  fragment DrawSummaryFields on Draw {
    id
    reference
    status
    planYear
    taskTitle
    roundNumber
    windowStart
    windowEnd
    poolSize
    targetCount
    teamCount
    recusalCount
    createdAt
    committedAt
    executedAt
    publishedAt
    voidedAt
    createdBy
  }
`);

export const DrawResultFieldsFragment = graphql(`
  fragment DrawResultFields on DrawTeam {
    number
    targetCodes
    members {
      role
      code
      name
    }
  }
`);

export const RecusalFieldsFragment = graphql(`
  fragment RecusalFields on Recusal {
    seq
    kind
    role
    teamNumber
    target
    inspector
    reason
    swapTeam
    swapTarget
    replacement
  }
`);

export const DrawTargetFieldsFragment = graphql(`
  fragment DrawTargetFields on DrawTarget {
    position
    code
    name
    region
    entityType
    creditClass
    key
    teamNumber
  }
`);

export const DrawFieldsFragment = graphql(`
  fragment DrawFields on Draw {
    ...DrawSummaryFields
    commitUrl
    poolDigest
    excludedCount
    exclusionsDigest
    commitment
    resultDigest
    seed
    revealedSecret
    voidReason
    voidedBy
    executedBy
    recordUrl
    witnesses {
      name
      value
    }
    teams {
      ...DrawResultFields
    }
    recusals {
      ...RecusalFields
    }
  }
`);

export const DrawsQuery = graphql(`
  query Draws($status: DrawStatus, $offset: Int, $first: Int) {
    draws(status: $status, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          ...DrawSummaryFields
        }
      }
    }
  }
`);

export const DrawQuery = graphql(`
  query Draw($id: ID!) {
    draw(id: $id) {
      ...DrawFields
    }
  }
`);

export const DrawTargetsQuery = graphql(`
  query DrawTargets($id: ID!, $offset: Int, $limit: Int) {
    draw(id: $id) {
      id
      targets(offset: $offset, limit: $limit) {
        totalCount
        items {
          ...DrawTargetFields
        }
      }
    }
  }
`);

export const FractionFieldsFragment = graphql(`
  fragment FractionFields on Fraction {
    numerator
    denominator
    percent
  }
`);

export const PreviewFieldsFragment = graphql(`
  fragment PreviewFields on DrawPreview {
    poolSize
    targets
    targetsMin
    teams
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
      available
      quota
      quotaMin
      ratio {
        ...FractionFields
      }
      probability {
        ...FractionFields
      }
    }
    excludedByReason {
      reason
      label
      count
    }
  }
`);

export const ExcludedPageFieldsFragment = graphql(`
  fragment ExcludedPageFields on ExcludedPage {
    totalCount
    items {
      code
      reason
      label
      region
      entityType
      creditClass
    }
  }
`);

/** The preview of an existing draw: live before the commit, the frozen snapshot after it. */
export const DrawPreviewQuery = graphql(`
  query DrawPreviewOfDraw($id: ID!, $offset: Int, $limit: Int, $reason: ExclusionReason) {
    draw(id: $id) {
      id
      preview {
        ...PreviewFields
        excluded(offset: $offset, limit: $limit, reason: $reason) {
          ...ExcludedPageFields
        }
      }
    }
  }
`);

/** Published plans with their tasks and rounds, to choose what to draw. */
export const DrawablePlansQuery = graphql(`
  query DrawablePlans {
    annualPlans(first: 20) {
      edges {
        node {
          id
          year
          title
          status
          version
          tasks {
            id
            title
            rounds {
              number
              startsOn
              endsOn
              drawnReference
            }
          }
        }
      }
    }
  }
`);

export const CreateDrawMutation = graphql(`
  mutation CreateDraw($taskId: ID!, $round: Int!, $minPerStratum: Int, $visitCap: Int) {
    createDraw(taskId: $taskId, round: $round, minPerStratum: $minPerStratum, visitCap: $visitCap) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawSummaryFields
      }
    }
  }
`);

export const CommitDrawMutation = graphql(`
  mutation CommitDraw($id: ID!) {
    commitDraw(id: $id) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawFields
      }
    }
  }
`);

export const AddWitnessInputMutation = graphql(`
  mutation AddWitnessInput($id: ID!, $name: String!, $value: String!) {
    addWitnessInput(id: $id, name: $name, value: $value) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawFields
      }
    }
  }
`);

export const ExecuteDrawMutation = graphql(`
  mutation ExecuteDraw($id: ID!) {
    executeDraw(id: $id) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawFields
      }
      job {
        id
        status
        progress
        message
      }
    }
  }
`);

export const PublishDrawMutation = graphql(`
  mutation PublishDraw($id: ID!) {
    publishDraw(id: $id) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawFields
      }
    }
  }
`);

export const VoidDrawMutation = graphql(`
  mutation VoidDraw($id: ID!, $reason: String!) {
    voidDraw(id: $id, reason: $reason) {
      errors {
        ...DrawErrorFields
      }
      draw {
        ...DrawFields
      }
    }
  }
`);

export const PublicDrawsQuery = graphql(`
  query PublicDraws($organisationCode: String!) {
    publicDraws(organisationCode: $organisationCode) {
      id
      reference
      status
      planYear
      taskTitle
      roundNumber
      targetCount
      teamCount
      committedAt
      publishedAt
      voidedAt
      recordUrl
      commitUrl
      commitment
    }
  }
`);

export const PublicDrawQuery = graphql(`
  query PublicDraw($id: ID, $organisationCode: String, $reference: String, $offset: Int, $limit: Int) {
    publicDraw(id: $id, organisationCode: $organisationCode, reference: $reference) {
      id
      organisationCode
      organisationName
      reference
      status
      planYear
      taskTitle
      roundNumber
      windowStart
      windowEnd
      poolSize
      poolDigest
      excludedCount
      exclusionsDigest
      commitment
      seed
      revealedSecret
      resultDigest
      targetCount
      teamCount
      recusalCount
      committedAt
      executedAt
      publishedAt
      voidReason
      voidedAt
      recordUrl
      commitUrl
      recordFormat
      strata {
        region
        entityType
        creditClass
        available
        ratio {
          ...FractionFields
        }
        probability {
          ...FractionFields
        }
      }
      parametersSummary {
        samplingMode
        ratioBp
        creditRatios {
          creditClass
          ratioBp
        }
        targetCount
        minPerStratum
        capBp
        teamSize
        targetsPerTeam
        expertsPerTeam
      }
      inspectorChances {
        role
        code
        department
        probability {
          ...FractionFields
        }
      }
      witnesses {
        name
        value
      }
      targets(offset: $offset, limit: $limit) {
        totalCount
        items {
          ...DrawTargetFields
        }
      }
      teams {
        ...DrawResultFields
      }
      recusals {
        ...RecusalFields
      }
    }
  }
`);
