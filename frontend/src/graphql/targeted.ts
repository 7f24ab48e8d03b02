import { graphql } from '../gql';

/**
 * Targeted (non-random) inspections, rule R16: complaints and reports, big-data monitoring,
 * handed-over cases, safety-critical matters. Organisation operations: they go to
 * `/o/<code>/graphql/` (context `orgScope(code)`).
 */

export const TargetedErrorFieldsFragment = graphql(`
  fragment TargetedErrorFields on MutationError {
    field
    code
    message
  }
`);

export const TargetedInspectionFieldsFragment = graphql(`
  fragment TargetedInspectionFields on TargetedInspection {
    id
    reason
    targetKind
    code
    name
    itemCodes
    description
    startedOn
    closedOn
    createdAt
  }
`);

export const TargetedInspectionsQuery = graphql(`
  query TargetedInspections($openOnly: Boolean, $offset: Int, $first: Int) {
    targetedInspections(openOnly: $openOnly, offset: $offset, first: $first) {
      totalCount
      edges {
        node {
          ...TargetedInspectionFields
        }
      }
    }
  }
`);

/** The organisation's inspection items in force, for the item select of the form. */
export const TargetedItemOptionsQuery = graphql(`
  query TargetedItemOptions {
    inspectionItems(active: true, first: 500, orderBy: CODE) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

export const RegisterTargetedInspectionMutation = graphql(`
  mutation RegisterTargetedInspection(
    $uscc: String
    $projectCode: String
    $reason: TargetedReason!
    $startedOn: Date!
    $itemCodes: [String!]
    $description: String
  ) {
    registerTargetedInspection(
      uscc: $uscc
      projectCode: $projectCode
      reason: $reason
      startedOn: $startedOn
      itemCodes: $itemCodes
      description: $description
    ) {
      targetedInspection {
        ...TargetedInspectionFields
      }
      errors {
        ...TargetedErrorFields
      }
    }
  }
`);

export const CloseTargetedInspectionMutation = graphql(`
  mutation CloseTargetedInspection($id: ID!, $closedOn: Date!) {
    closeTargetedInspection(id: $id, closedOn: $closedOn) {
      targetedInspection {
        ...TargetedInspectionFields
      }
      errors {
        ...TargetedErrorFields
      }
    }
  }
`);
