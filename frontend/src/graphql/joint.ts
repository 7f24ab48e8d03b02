import { graphql } from '../gql';

/**
 * Joint cross-department draws (联合抽查): the prefecture's joint plans inside its annual plan,
 * their tasks, the simulation per county and department, and the joint visits each county
 * reads (organisation operations: `/o/<code>/graphql/`, context `orgScope(code)`).
 */

export const JointTaskFieldsFragment = graphql(`
  fragment JointTaskFields on PlanTask {
    id
    title
    leadDepartment
    partnerDepartments
    counties
    jointMode
    ratioBp
    officersPerTeam
    targetsPerTeam
    rounds {
      number
      startsOn
      endsOn
      drawnReference
    }
    items {
      code
      name
    }
  }
`);

export const JointPlansQuery = graphql(`
  query JointPlans($year: Int!) {
    currentOrganisation {
      id
      code
      kind
      children {
        id
        code
        name
      }
    }
    annualPlan(year: $year) {
      id
      year
      status
      availableActions
      jointPlans {
        id
        title
        notes
        tasks {
          ...JointTaskFields
        }
      }
    }
  }
`);

export const JointItemOptionsQuery = graphql(`
  query JointItemOptions {
    inspectionItems(active: true, first: 500, orderBy: CODE) {
      edges {
        node {
          id
          code
          name
          department
        }
      }
    }
  }
`);

export const CreateJointPlanMutation = graphql(`
  mutation CreateJointPlan($planId: ID!, $title: String!, $notes: String) {
    createJointPlan(planId: $planId, title: $title, notes: $notes) {
      jointPlan {
        id
        title
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const CreateJointTaskMutation = graphql(`
  mutation CreateJointTask($planId: ID!, $input: PlanTaskInput!) {
    createPlanTask(planId: $planId, input: $input) {
      task {
        ...JointTaskFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const JointSimulationQuery = graphql(`
  query JointSimulation($taskId: ID!, $round: Int!) {
    planSimulation(taskId: $taskId, round: $round) {
      pool
      targets
      targetsMin
      teams
      officersNeeded
      officersEligible
      warnings
      notices {
        code
        message
        params
      }
      counties {
        code
        name
        region
        entityType
        creditClass
        pool
      }
      departments {
        department
        label
        eligible
        needed
      }
    }
  }
`);

export const JointVisitsQuery = graphql(`
  query JointVisits($year: Int) {
    jointVisits(year: $year) {
      drawReference
      countyCode
      countyName
      entityCode
      name
      planYear
      jointPlan
      task
      round
      startsOn
      endsOn
      mode
      modeLabel
      leadDepartmentLabel
      departmentLabels
      items {
        code
        name
        departmentLabel
      }
      teamNumber
      team {
        role
        name
        departmentLabel
        certificateNo
      }
      status
      received
    }
  }
`);

export const ReceiveJointInspectionsMutation = graphql(`
  mutation ReceiveJointInspections {
    receiveJointInspections {
      opened
      errors {
        field
        code
        message
      }
    }
  }
`);
