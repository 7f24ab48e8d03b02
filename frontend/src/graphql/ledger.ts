import { graphql } from '../gql';

/**
 * 受检负担与合并检查 (issue 11): the prefecture's visit cap, an entity's burden, the entities
 * closest to their cap, combined-visit proposals. Organisation operations (`orgScope(code)`).
 */

export const LedgerVisitFieldsFragment = graphql(`
  fragment LedgerVisitFields on LedgerVisit {
    visitKey
    organisationCode
    organisationName
    source
    sourceLabel
    startsOn
    endsOn
    items
    departments
    references
    merged
    countsTowardCap
  }
`);

export const VisitCapQuery = graphql(`
  query VisitCap {
    visitCap {
      visitCap
      isDefault
      prefectureName
      updatedBy
      updatedAt
    }
  }
`);

export const SetVisitCapMutation = graphql(`
  mutation SetVisitCap($visitCap: Int!) {
    setVisitCap(visitCap: $visitCap) {
      visitCap {
        visitCap
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const EntityBurdenQuery = graphql(`
  query EntityBurden($code: String!, $year: Int) {
    entityBurden(code: $code, year: $year) {
      code
      name
      year
      visitCap
      randomVisits
      targetedVisits
      remaining
      visits {
        ...LedgerVisitFields
      }
    }
  }
`);

export const EntitiesNearCapQuery = graphql(`
  query EntitiesNearCap($year: Int) {
    entitiesNearCap(year: $year, first: 20) {
      code
      name
      randomVisits
      targetedVisits
      visitCap
    }
  }
`);

export const VisitMergeProposalsQuery = graphql(`
  query VisitMergeProposals($year: Int) {
    visitMergeProposals(year: $year) {
      entityCode
      year
      startsOn
      endsOn
      visits {
        ...LedgerVisitFields
      }
    }
  }
`);

export const AcceptVisitMergeMutation = graphql(`
  mutation AcceptVisitMerge($entityCode: String!, $year: Int!, $visitKeys: [String!]!) {
    acceptVisitMerge(entityCode: $entityCode, year: $year, visitKeys: $visitKeys) {
      merge {
        visitKey
        items
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
