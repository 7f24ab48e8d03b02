/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment MeFields on Me {\n    id\n    username\n    displayName\n    organisations {\n      readOnly\n      roles\n      organisation {\n        id\n        code\n        name\n        kind\n        parent {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n": typeof types.MeFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      me {\n        ...MeFields\n      }\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  query PublicOrganisations {\n    publicOrganisations {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n      }\n    }\n  }\n": typeof types.PublicOrganisationsDocument,
    "\n  query CurrentOrganisation {\n    currentOrganisation {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n        name\n      }\n      children {\n        id\n        code\n        name\n      }\n    }\n  }\n": typeof types.CurrentOrganisationDocument,
    "\n  query AuditRecords($first: Int, $after: String) {\n    auditRecords(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          at\n          actor\n          operation\n          objectType\n          objectId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditRecordsDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n    }\n  }\n": typeof types.JobDocument,
};
const documents: Documents = {
    "\n  fragment MeFields on Me {\n    id\n    username\n    displayName\n    organisations {\n      readOnly\n      roles\n      organisation {\n        id\n        code\n        name\n        kind\n        parent {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n": types.MeFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      me {\n        ...MeFields\n      }\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n": types.LogoutDocument,
    "\n  query PublicOrganisations {\n    publicOrganisations {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n      }\n    }\n  }\n": types.PublicOrganisationsDocument,
    "\n  query CurrentOrganisation {\n    currentOrganisation {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n        name\n      }\n      children {\n        id\n        code\n        name\n      }\n    }\n  }\n": types.CurrentOrganisationDocument,
    "\n  query AuditRecords($first: Int, $after: String) {\n    auditRecords(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          at\n          actor\n          operation\n          objectType\n          objectId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditRecordsDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n    }\n  }\n": types.JobDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeFields on Me {\n    id\n    username\n    displayName\n    organisations {\n      readOnly\n      roles\n      organisation {\n        id\n        code\n        name\n        kind\n        parent {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment MeFields on Me {\n    id\n    username\n    displayName\n    organisations {\n      readOnly\n      roles\n      organisation {\n        id\n        code\n        name\n        kind\n        parent {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...MeFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      me {\n        ...MeFields\n      }\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      me {\n        ...MeFields\n      }\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        field\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicOrganisations {\n    publicOrganisations {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  query PublicOrganisations {\n    publicOrganisations {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentOrganisation {\n    currentOrganisation {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n        name\n      }\n      children {\n        id\n        code\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CurrentOrganisation {\n    currentOrganisation {\n      id\n      code\n      name\n      kind\n      parent {\n        id\n        code\n        name\n      }\n      children {\n        id\n        code\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditRecords($first: Int, $after: String) {\n    auditRecords(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          at\n          actor\n          operation\n          objectType\n          objectId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditRecords($first: Int, $after: String) {\n    auditRecords(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          seq\n          at\n          actor\n          operation\n          objectType\n          objectId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) {\n      id\n      kind\n      status\n      progress\n      message\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;