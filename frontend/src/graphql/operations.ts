import { graphql } from '../gql';

/** The signed-in user with every organisation they may open (and how). */
export const MeFieldsFragment = graphql(`
  fragment MeFields on Me {
    id
    username
    displayName
    sessionIdleSeconds
    organisations {
      readOnly
      roles
      permissions
      organisation {
        id
        code
        name
        kind
        parent {
          id
          code
          name
        }
      }
    }
  }
`);

/** Global endpoint (/graphql/): the signed-in user and the organisations they may open. */
export const MeQuery = graphql(`
  query Me {
    me {
      ...MeFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!, $captchaKey: String, $captchaAnswer: String) {
    login(username: $username, password: $password, captchaKey: $captchaKey, captchaAnswer: $captchaAnswer) {
      me {
        ...MeFields
      }
      nextStep
      passwordChangeReason
      secondFactorSetup {
        secret
        uri
        qrCode
      }
      recoveryCodes
      errors {
        field
        code
        message
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      ok
      errors {
        field
        code
        message
      }
    }
  }
`);

/** Global endpoint: organisations shown on the public portal (anonymous). */
export const PublicOrganisationsQuery = graphql(`
  query PublicOrganisations {
    publicOrganisations {
      id
      code
      name
      kind
      parent {
        id
        code
      }
    }
  }
`);

/** Organisation endpoint (/o/<code>/graphql/). */
export const CurrentOrganisationQuery = graphql(`
  query CurrentOrganisation {
    currentOrganisation {
      id
      code
      name
      kind
      parent {
        id
        code
        name
      }
      children {
        id
        code
        name
      }
    }
  }
`);

/** Organisation endpoint. */
export const AuditRecordsQuery = graphql(`
  query AuditRecords($first: Int, $after: String) {
    auditRecords(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          seq
          at
          actor
          operation
          objectType
          objectId
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Progress of a long operation (organisation endpoint when the job belongs to one). */
export const JobQuery = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      id
      kind
      status
      progress
      message
    }
  }
`);
