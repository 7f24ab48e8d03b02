import { graphql } from '../gql';

/** Global endpoint: the pending sign-in's next step (second factor, forced password change). */
export const ContinueLoginMutation = graphql(`
  mutation ContinueLogin($code: String, $newPassword: String) {
    continueLogin(code: $code, newPassword: $newPassword) {
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

export const NewLoginCaptchaMutation = graphql(`
  mutation NewLoginCaptcha {
    newLoginCaptcha {
      captcha {
        key
        imageUrl
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

/** Global endpoint: 我的账号. */
export const MyAccountQuery = graphql(`
  query MyAccount {
    me {
      ...MeFields
      passwordChangedAt
      passwordExpiresAt
      secondFactor {
        enrolled
        required
        recoveryCodesLeft
      }
      recentSignIns {
        at
        outcome
        address
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      me {
        id
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const StartSecondFactorEnrolmentMutation = graphql(`
  mutation StartSecondFactorEnrolment {
    startSecondFactorEnrolment {
      setup {
        secret
        uri
        qrCode
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ConfirmSecondFactorEnrolmentMutation = graphql(`
  mutation ConfirmSecondFactorEnrolment($code: String!) {
    confirmSecondFactorEnrolment(code: $code) {
      recoveryCodes
      errors {
        field
        code
        message
      }
    }
  }
`);

export const RegenerateRecoveryCodesMutation = graphql(`
  mutation RegenerateRecoveryCodes($code: String!) {
    regenerateRecoveryCodes(code: $code) {
      recoveryCodes
      errors {
        field
        code
        message
      }
    }
  }
`);

/** Organisation endpoint: one personal value in clear (recorded in the audit trail). */
export const RevealPersonalDataMutation = graphql(`
  mutation RevealPersonalData($id: ID!, $field: PersonalDataField!) {
    revealPersonalData(id: $id, field: $field) {
      value
      errors {
        field
        code
        message
      }
    }
  }
`);

/** Organisation endpoint: 人员管理 — members with their roles and sign-in failures. */
export const MembersQuery = graphql(`
  query Members {
    members {
      ...MemberFields
    }
  }
`);

export const MemberFieldsFragment = graphql(`
  fragment MemberFields on Member {
    username
    displayName
    isActive
    roles
    failedSignIns
    signInRestricted
  }
`);

/** 解除锁定: forget a member's failed sign-ins (recorded in the audit trail). */
export const UnlockAccountMutation = graphql(`
  mutation UnlockAccount($username: String!) {
    unlockAccount(username: $username) {
      member {
        ...MemberFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);
