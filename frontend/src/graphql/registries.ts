import { graphql } from '../gql';

/** 名录库 (list and registries): every document used by src/pages/registries/. */

export const MutationErrorFieldsFragment = graphql(`
  fragment RegistryMutationErrorFields on MutationError {
    field
    code
    message
  }
`);

export const HistoryFieldsFragment = graphql(`
  fragment RegistryHistoryFields on AuditRecord {
    id
    seq
    at
    actor
    operation
    before
    after
  }
`);

export const InspectionItemFieldsFragment = graphql(`
  fragment InspectionItemFields on InspectionItem {
    id
    code
    name
    legalBasis
    responsibleBody
    content
    method
    department
    enforcementCategory
    needsExpert
    active
    version
    effectiveFrom
    updatedAt
  }
`);

export const MarketEntityFieldsFragment = graphql(`
  fragment MarketEntityFields on MarketEntity {
    id
    name
    uscc
    address
    legalRepresentative
    contactName
    contactPhone
    entityType
    nature
    region
    creditClass
    complaintCount
    violationCount
    status
    establishedOn
    statusChangedOn
    updatedAt
  }
`);

export const ProjectFieldsFragment = graphql(`
  fragment ProjectFields on Project {
    id
    code
    name
    location
    region
    permits
    projectLeader
    constructionStatus
    contactName
    contactPhone
    updatedAt
    responsibleEntity {
      id
      name
      uscc
    }
  }
`);

export const InspectorFieldsFragment = graphql(`
  fragment InspectorFields on Inspector {
    id
    kind
    name
    idNumber
    department
    categories
    certificateNo
    certificateValidUntil
    certificateValid
    unit
    contactPhone
    active
    updatedAt
  }
`);

export const InspectionItemsQuery = graphql(`
  query RegistryInspectionItems(
    $search: String
    $orderBy: RegistryOrder
    $descending: Boolean
    $department: Department
    $category: String
    $active: Boolean
    $first: Int
    $offset: Int
  ) {
    inspectionItems(
      search: $search
      orderBy: $orderBy
      descending: $descending
      department: $department
      category: $category
      active: $active
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        node {
          ...InspectionItemFields
        }
      }
    }
  }
`);

export const MarketEntitiesQuery = graphql(`
  query RegistryMarketEntities(
    $search: String
    $orderBy: RegistryOrder
    $descending: Boolean
    $entityType: String
    $nature: String
    $region: String
    $creditClass: [CreditClass!]
    $status: EntityStatus
    $first: Int
    $offset: Int
  ) {
    marketEntities(
      search: $search
      orderBy: $orderBy
      descending: $descending
      entityType: $entityType
      nature: $nature
      region: $region
      creditClass: $creditClass
      status: $status
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        node {
          ...MarketEntityFields
        }
      }
    }
  }
`);

export const ProjectsQuery = graphql(`
  query RegistryProjects(
    $search: String
    $orderBy: RegistryOrder
    $descending: Boolean
    $region: String
    $constructionStatus: ConstructionStatus
    $responsibleEntityUscc: String
    $first: Int
    $offset: Int
  ) {
    projects(
      search: $search
      orderBy: $orderBy
      descending: $descending
      region: $region
      constructionStatus: $constructionStatus
      responsibleEntityUscc: $responsibleEntityUscc
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        node {
          ...ProjectFields
        }
      }
    }
  }
`);

export const InspectorsQuery = graphql(`
  query RegistryInspectors(
    $search: String
    $orderBy: RegistryOrder
    $descending: Boolean
    $kind: InspectorKind
    $department: Department
    $category: String
    $active: Boolean
    $certificateValid: Boolean
    $first: Int
    $offset: Int
  ) {
    inspectors(
      search: $search
      orderBy: $orderBy
      descending: $descending
      kind: $kind
      department: $department
      category: $category
      active: $active
      certificateValid: $certificateValid
      first: $first
      offset: $offset
    ) {
      totalCount
      edges {
        node {
          ...InspectorFields
        }
      }
    }
  }
`);

/** One record with its history, by global id (detail drawer). */
export const RegistryRecordQuery = graphql(`
  query RegistryRecord($id: ID!) {
    node(id: $id) {
      id
      ... on InspectionItem {
        ...InspectionItemFields
        versions {
          version
          name
          legalBasis
          responsibleBody
          content
          method
          department
          enforcementCategory
          needsExpert
          active
          effectiveFrom
          effectiveTo
        }
        history {
          ...RegistryHistoryFields
        }
      }
      ... on MarketEntity {
        ...MarketEntityFields
        history {
          ...RegistryHistoryFields
        }
      }
      ... on Project {
        ...ProjectFields
        history {
          ...RegistryHistoryFields
        }
      }
      ... on Inspector {
        ...InspectorFields
        conflicts {
          id
          kind
          reason
          declaredAt
          entity {
            id
            name
            uscc
          }
        }
        history {
          ...RegistryHistoryFields
        }
      }
    }
  }
`);

/** Entity picker for declaring a conflict. */
export const EntityOptionsQuery = graphql(`
  query RegistryEntityOptions($search: String) {
    marketEntities(search: $search, first: 20) {
      edges {
        node {
          id
          name
          uscc
        }
      }
    }
  }
`);

export const CreateInspectionItemMutation = graphql(`
  mutation CreateInspectionItem($input: InspectionItemInput!) {
    createInspectionItem(input: $input) {
      inspectionItem {
        ...InspectionItemFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const ReviseInspectionItemMutation = graphql(`
  mutation ReviseInspectionItem($id: ID!, $input: InspectionItemInput!, $effectiveFrom: Date) {
    reviseInspectionItem(id: $id, input: $input, effectiveFrom: $effectiveFrom) {
      inspectionItem {
        ...InspectionItemFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const CreateMarketEntityMutation = graphql(`
  mutation CreateMarketEntity($input: MarketEntityInput!) {
    createMarketEntity(input: $input) {
      marketEntity {
        ...MarketEntityFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const UpdateMarketEntityMutation = graphql(`
  mutation UpdateMarketEntity($id: ID!, $input: MarketEntityInput!) {
    updateMarketEntity(id: $id, input: $input) {
      marketEntity {
        ...MarketEntityFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const ChangeMarketEntityStatusMutation = graphql(`
  mutation ChangeMarketEntityStatus($id: ID!, $status: EntityStatus!, $on: Date) {
    changeMarketEntityStatus(id: $id, status: $status, on: $on) {
      marketEntity {
        ...MarketEntityFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation CreateProject($input: ProjectInput!) {
    createProject(input: $input) {
      project {
        ...ProjectFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const UpdateProjectMutation = graphql(`
  mutation UpdateProject($id: ID!, $input: ProjectInput!) {
    updateProject(id: $id, input: $input) {
      project {
        ...ProjectFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const CreateInspectorMutation = graphql(`
  mutation CreateInspector($input: InspectorInput!) {
    createInspector(input: $input) {
      inspector {
        ...InspectorFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const UpdateInspectorMutation = graphql(`
  mutation UpdateInspector($id: ID!, $input: InspectorInput!) {
    updateInspector(id: $id, input: $input) {
      inspector {
        ...InspectorFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const SetInspectorActiveMutation = graphql(`
  mutation SetInspectorActive($id: ID!, $active: Boolean!) {
    setInspectorActive(id: $id, active: $active) {
      inspector {
        ...InspectorFields
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const DeclareConflictMutation = graphql(`
  mutation DeclareConflict($inspectorId: ID!, $entityId: ID!, $kind: ConflictKind!, $reason: String) {
    declareConflict(inspectorId: $inspectorId, entityId: $entityId, kind: $kind, reason: $reason) {
      conflict {
        id
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const WithdrawConflictMutation = graphql(`
  mutation WithdrawConflict($id: ID!) {
    withdrawConflict(id: $id) {
      ok
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

export const StartRegistryImportMutation = graphql(`
  mutation StartRegistryImport($fileToken: String!, $kind: RegistryKind!, $updateExisting: Boolean, $dryRun: Boolean) {
    startRegistryImport(fileToken: $fileToken, kind: $kind, updateExisting: $updateExisting, dryRun: $dryRun) {
      job {
        id
        status
        progress
        message
      }
      errors {
        ...RegistryMutationErrorFields
      }
    }
  }
`);

/** The finished import job with its result (JSON: rows, created, updated, errors, report, validatedOnly). */
export const RegistryImportJobQuery = graphql(`
  query RegistryImportJob($id: ID!) {
    job(id: $id) {
      id
      kind
      status
      progress
      message
      result
    }
  }
`);

export const RegistryFilterValuesQuery = graphql(`
  query RegistryFilterValues($kind: RegistryKind!) {
    registryFilterValues(kind: $kind) {
      field
      values
    }
  }
`);
