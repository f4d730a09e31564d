/* eslint-disable */
import * as types from './graphql';



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
    "\n  query Accounts {\n    billingAccounts(first: 100) {\n      nodes {\n        id\n        number\n        balance\n        downloadablePeriods\n        delivery {\n          method\n          emails\n          format\n          validFrom\n        }\n        invoices(first: 12) {\n          nodes {\n            id\n            number\n            period\n            amountDue\n          }\n        }\n      }\n    }\n  }\n": typeof types.AccountsDocument,
    "\n  query InvoiceService {\n    invoiceService {\n      available\n      reason\n      resumesAt\n    }\n  }\n": typeof types.InvoiceServiceDocument,
    "\n  mutation OrderInvoiceEmail($input: OrderInvoiceEmailInput!) {\n    orderInvoiceEmail(input: $input) {\n      request {\n        ...EmailRequestFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.OrderInvoiceEmailDocument,
    "\n  fragment EmailRequestFields on InvoiceEmailRequest {\n    id\n    status\n    progress\n    emails\n  }\n": typeof types.EmailRequestFieldsFragmentDoc,
    "\n  query InvoiceEmailRequest($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n": typeof types.InvoiceEmailRequestDocument,
    "\n  subscription InvoiceEmailRequestLive($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n": typeof types.InvoiceEmailRequestLiveDocument,
    "\n  mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {\n    orderInvoiceDownload(input: $input) {\n      job {\n        ...JobFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.OrderInvoiceDownloadDocument,
    "\n  fragment JobFields on DocumentJob {\n    id\n    status\n    progress\n    downloadUrl\n    expiresAt\n    error {\n      code\n      message\n    }\n  }\n": typeof types.JobFieldsFragmentDoc,
    "\n  query DocumentJob($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n": typeof types.DocumentJobDocument,
    "\n  subscription DocumentJobLive($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n": typeof types.DocumentJobLiveDocument,
    "\n  fragment DeliveryChange on DeliverySettingsPayload {\n    delivery {\n      method\n      emails\n      format\n      validFrom\n    }\n    appliesFromPeriod\n    errors {\n      ...Refusal\n    }\n  }\n": typeof types.DeliveryChangeFragmentDoc,
    "\n  mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {\n    changeDeliveryMethod(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": typeof types.ChangeDeliveryMethodDocument,
    "\n  mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {\n    changeDeliveryEmails(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": typeof types.ChangeDeliveryEmailsDocument,
    "\n  mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {\n    changeInvoiceFormat(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": typeof types.ChangeInvoiceFormatDocument,
    "\n  fragment ChargesReportFields on ChargesReport {\n    id\n    status\n    email\n  }\n": typeof types.ChargesReportFieldsFragmentDoc,
    "\n  mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {\n    orderCurrentCharges(input: $input) {\n      report {\n        ...ChargesReportFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.OrderCurrentChargesDocument,
    "\n  query ChargesReport($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n": typeof types.ChargesReportDocument,
    "\n  subscription ChargesReportLive($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n": typeof types.ChargesReportLiveDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  query ClientInfo {\n    me {\n      login\n    }\n    client {\n      name\n      unp\n      okpo\n      balance\n      status\n      paymentForm\n      contractNumber\n      contractDate\n      email\n      bankAccounts {\n        iban\n        bic\n        bank\n      }\n      billingAccounts(first: 100) {\n        nodes {\n          id\n          number\n          balance\n          delivery {\n            method\n            emails\n            format\n          }\n        }\n      }\n    }\n  }\n": typeof types.ClientInfoDocument,
    "\n  query Payments {\n    payments(first: 50) {\n      nodes {\n        id\n        paidOn\n        amount\n        documentNumber\n        bank\n        confirmed\n      }\n    }\n  }\n": typeof types.PaymentsDocument,
    "\n  mutation RegisterPayment($input: RegisterPaymentInput!) {\n    registerPayment(input: $input) {\n      payment {\n        id\n        amount\n        paidOn\n        confirmed\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.RegisterPaymentDocument,
    "\n  query Installments {\n    installments {\n      item\n      total\n      months\n      monthlyPayment\n      lastPayment\n      paymentsMade\n      paymentsLeft\n      amountPaid\n      amountLeft\n      nextPaymentOn\n      payoffDate\n    }\n  }\n": typeof types.InstallmentsDocument,
    "\n  query Subscribers($search: String, $after: String) {\n    subscribers(search: $search, first: 50, after: $after) {\n      nodes {\n        id\n        number\n        name\n        tariff\n        status\n        services {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SubscribersDocument,
    "\n  query FeedbackTickets {\n    feedbackTickets(first: 50) {\n      nodes {\n        id\n        subject\n        text\n        status\n        createdAt\n        replies {\n          author\n          text\n          createdAt\n          fromOperator\n        }\n      }\n    }\n  }\n": typeof types.FeedbackTicketsDocument,
    "\n  mutation CreateFeedbackTicket($input: CreateFeedbackTicketInput!) {\n    createFeedbackTicket(input: $input) {\n      ticket {\n        id\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.CreateFeedbackTicketDocument,
    "\n  mutation RenameSubscribers($input: RenameSubscribersInput!) {\n    renameSubscribers(input: $input) {\n      request {\n        id\n        status\n        lineCount\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.RenameSubscribersDocument,
    "\n  query RenameRequests {\n    renameRequests(first: 10) {\n      nodes {\n        id\n        status\n        createdAt\n        lineCount\n      }\n    }\n  }\n": typeof types.RenameRequestsDocument,
    "\n  fragment LineFields on LineResult {\n    position\n    number\n    ok\n    status\n    outcome\n    error {\n      ...Refusal\n    }\n  }\n": typeof types.LineFieldsFragmentDoc,
    "\n  subscription RenameRequestLive($id: ID!) {\n    renameRequest(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RenameRequestLiveDocument,
    "\n  subscription ServiceRequestLive($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.ServiceRequestLiveDocument,
    "\n  query ListJobNow($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RenameRequest {\n        status\n      }\n      ... on ServiceRequest {\n        status\n      }\n    }\n  }\n": typeof types.ListJobNowDocument,
    "\n  query AdditionalServices {\n    additionalServices {\n      code\n      name\n      allowedTariffs\n    }\n  }\n": typeof types.AdditionalServicesDocument,
    "\n  query ServiceRequests {\n    serviceRequests(first: 20) {\n      nodes {\n        id\n        action\n        serviceCode\n        status\n        createdAt\n        # The first lines only: all of them (up to 10 000 each) exceed the query cost limit.\n        lines(first: 50) {\n          ...LineFields\n        }\n      }\n    }\n  }\n": typeof types.ServiceRequestsDocument,
    "\n  mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {\n    changeSubscriberServices(input: $input) {\n      request {\n        id\n        status\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": typeof types.ChangeSubscriberServicesDocument,
    "\n  fragment Refusal on UserError {\n    code\n    field\n    message\n  }\n": typeof types.RefusalFragmentDoc,
};
const documents: Documents = {
    "\n  query Accounts {\n    billingAccounts(first: 100) {\n      nodes {\n        id\n        number\n        balance\n        downloadablePeriods\n        delivery {\n          method\n          emails\n          format\n          validFrom\n        }\n        invoices(first: 12) {\n          nodes {\n            id\n            number\n            period\n            amountDue\n          }\n        }\n      }\n    }\n  }\n": types.AccountsDocument,
    "\n  query InvoiceService {\n    invoiceService {\n      available\n      reason\n      resumesAt\n    }\n  }\n": types.InvoiceServiceDocument,
    "\n  mutation OrderInvoiceEmail($input: OrderInvoiceEmailInput!) {\n    orderInvoiceEmail(input: $input) {\n      request {\n        ...EmailRequestFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.OrderInvoiceEmailDocument,
    "\n  fragment EmailRequestFields on InvoiceEmailRequest {\n    id\n    status\n    progress\n    emails\n  }\n": types.EmailRequestFieldsFragmentDoc,
    "\n  query InvoiceEmailRequest($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n": types.InvoiceEmailRequestDocument,
    "\n  subscription InvoiceEmailRequestLive($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n": types.InvoiceEmailRequestLiveDocument,
    "\n  mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {\n    orderInvoiceDownload(input: $input) {\n      job {\n        ...JobFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.OrderInvoiceDownloadDocument,
    "\n  fragment JobFields on DocumentJob {\n    id\n    status\n    progress\n    downloadUrl\n    expiresAt\n    error {\n      code\n      message\n    }\n  }\n": types.JobFieldsFragmentDoc,
    "\n  query DocumentJob($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n": types.DocumentJobDocument,
    "\n  subscription DocumentJobLive($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n": types.DocumentJobLiveDocument,
    "\n  fragment DeliveryChange on DeliverySettingsPayload {\n    delivery {\n      method\n      emails\n      format\n      validFrom\n    }\n    appliesFromPeriod\n    errors {\n      ...Refusal\n    }\n  }\n": types.DeliveryChangeFragmentDoc,
    "\n  mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {\n    changeDeliveryMethod(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": types.ChangeDeliveryMethodDocument,
    "\n  mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {\n    changeDeliveryEmails(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": types.ChangeDeliveryEmailsDocument,
    "\n  mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {\n    changeInvoiceFormat(input: $input) {\n      ...DeliveryChange\n    }\n  }\n": types.ChangeInvoiceFormatDocument,
    "\n  fragment ChargesReportFields on ChargesReport {\n    id\n    status\n    email\n  }\n": types.ChargesReportFieldsFragmentDoc,
    "\n  mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {\n    orderCurrentCharges(input: $input) {\n      report {\n        ...ChargesReportFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.OrderCurrentChargesDocument,
    "\n  query ChargesReport($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n": types.ChargesReportDocument,
    "\n  subscription ChargesReportLive($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n": types.ChargesReportLiveDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.LogoutDocument,
    "\n  query ClientInfo {\n    me {\n      login\n    }\n    client {\n      name\n      unp\n      okpo\n      balance\n      status\n      paymentForm\n      contractNumber\n      contractDate\n      email\n      bankAccounts {\n        iban\n        bic\n        bank\n      }\n      billingAccounts(first: 100) {\n        nodes {\n          id\n          number\n          balance\n          delivery {\n            method\n            emails\n            format\n          }\n        }\n      }\n    }\n  }\n": types.ClientInfoDocument,
    "\n  query Payments {\n    payments(first: 50) {\n      nodes {\n        id\n        paidOn\n        amount\n        documentNumber\n        bank\n        confirmed\n      }\n    }\n  }\n": types.PaymentsDocument,
    "\n  mutation RegisterPayment($input: RegisterPaymentInput!) {\n    registerPayment(input: $input) {\n      payment {\n        id\n        amount\n        paidOn\n        confirmed\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.RegisterPaymentDocument,
    "\n  query Installments {\n    installments {\n      item\n      total\n      months\n      monthlyPayment\n      lastPayment\n      paymentsMade\n      paymentsLeft\n      amountPaid\n      amountLeft\n      nextPaymentOn\n      payoffDate\n    }\n  }\n": types.InstallmentsDocument,
    "\n  query Subscribers($search: String, $after: String) {\n    subscribers(search: $search, first: 50, after: $after) {\n      nodes {\n        id\n        number\n        name\n        tariff\n        status\n        services {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SubscribersDocument,
    "\n  query FeedbackTickets {\n    feedbackTickets(first: 50) {\n      nodes {\n        id\n        subject\n        text\n        status\n        createdAt\n        replies {\n          author\n          text\n          createdAt\n          fromOperator\n        }\n      }\n    }\n  }\n": types.FeedbackTicketsDocument,
    "\n  mutation CreateFeedbackTicket($input: CreateFeedbackTicketInput!) {\n    createFeedbackTicket(input: $input) {\n      ticket {\n        id\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.CreateFeedbackTicketDocument,
    "\n  mutation RenameSubscribers($input: RenameSubscribersInput!) {\n    renameSubscribers(input: $input) {\n      request {\n        id\n        status\n        lineCount\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.RenameSubscribersDocument,
    "\n  query RenameRequests {\n    renameRequests(first: 10) {\n      nodes {\n        id\n        status\n        createdAt\n        lineCount\n      }\n    }\n  }\n": types.RenameRequestsDocument,
    "\n  fragment LineFields on LineResult {\n    position\n    number\n    ok\n    status\n    outcome\n    error {\n      ...Refusal\n    }\n  }\n": types.LineFieldsFragmentDoc,
    "\n  subscription RenameRequestLive($id: ID!) {\n    renameRequest(id: $id) {\n      id\n      status\n    }\n  }\n": types.RenameRequestLiveDocument,
    "\n  subscription ServiceRequestLive($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      status\n    }\n  }\n": types.ServiceRequestLiveDocument,
    "\n  query ListJobNow($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RenameRequest {\n        status\n      }\n      ... on ServiceRequest {\n        status\n      }\n    }\n  }\n": types.ListJobNowDocument,
    "\n  query AdditionalServices {\n    additionalServices {\n      code\n      name\n      allowedTariffs\n    }\n  }\n": types.AdditionalServicesDocument,
    "\n  query ServiceRequests {\n    serviceRequests(first: 20) {\n      nodes {\n        id\n        action\n        serviceCode\n        status\n        createdAt\n        # The first lines only: all of them (up to 10 000 each) exceed the query cost limit.\n        lines(first: 50) {\n          ...LineFields\n        }\n      }\n    }\n  }\n": types.ServiceRequestsDocument,
    "\n  mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {\n    changeSubscriberServices(input: $input) {\n      request {\n        id\n        status\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n": types.ChangeSubscriberServicesDocument,
    "\n  fragment Refusal on UserError {\n    code\n    field\n    message\n  }\n": types.RefusalFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Accounts {\n    billingAccounts(first: 100) {\n      nodes {\n        id\n        number\n        balance\n        downloadablePeriods\n        delivery {\n          method\n          emails\n          format\n          validFrom\n        }\n        invoices(first: 12) {\n          nodes {\n            id\n            number\n            period\n            amountDue\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AccountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceService {\n    invoiceService {\n      available\n      reason\n      resumesAt\n    }\n  }\n"): typeof import('./graphql').InvoiceServiceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OrderInvoiceEmail($input: OrderInvoiceEmailInput!) {\n    orderInvoiceEmail(input: $input) {\n      request {\n        ...EmailRequestFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').OrderInvoiceEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EmailRequestFields on InvoiceEmailRequest {\n    id\n    status\n    progress\n    emails\n  }\n"): typeof import('./graphql').EmailRequestFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceEmailRequest($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n"): typeof import('./graphql').InvoiceEmailRequestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InvoiceEmailRequestLive($id: ID!) {\n    invoiceEmailRequest(id: $id) {\n      ...EmailRequestFields\n    }\n  }\n"): typeof import('./graphql').InvoiceEmailRequestLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {\n    orderInvoiceDownload(input: $input) {\n      job {\n        ...JobFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').OrderInvoiceDownloadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobFields on DocumentJob {\n    id\n    status\n    progress\n    downloadUrl\n    expiresAt\n    error {\n      code\n      message\n    }\n  }\n"): typeof import('./graphql').JobFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DocumentJob($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n"): typeof import('./graphql').DocumentJobDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DocumentJobLive($id: ID!) {\n    documentJob(id: $id) {\n      ...JobFields\n    }\n  }\n"): typeof import('./graphql').DocumentJobLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryChange on DeliverySettingsPayload {\n    delivery {\n      method\n      emails\n      format\n      validFrom\n    }\n    appliesFromPeriod\n    errors {\n      ...Refusal\n    }\n  }\n"): typeof import('./graphql').DeliveryChangeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {\n    changeDeliveryMethod(input: $input) {\n      ...DeliveryChange\n    }\n  }\n"): typeof import('./graphql').ChangeDeliveryMethodDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {\n    changeDeliveryEmails(input: $input) {\n      ...DeliveryChange\n    }\n  }\n"): typeof import('./graphql').ChangeDeliveryEmailsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {\n    changeInvoiceFormat(input: $input) {\n      ...DeliveryChange\n    }\n  }\n"): typeof import('./graphql').ChangeInvoiceFormatDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChargesReportFields on ChargesReport {\n    id\n    status\n    email\n  }\n"): typeof import('./graphql').ChargesReportFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {\n    orderCurrentCharges(input: $input) {\n      report {\n        ...ChargesReportFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').OrderCurrentChargesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChargesReport($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n"): typeof import('./graphql').ChargesReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ChargesReportLive($id: ID!) {\n    chargesReport(id: $id) {\n      ...ChargesReportFields\n    }\n  }\n"): typeof import('./graphql').ChargesReportLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientInfo {\n    me {\n      login\n    }\n    client {\n      name\n      unp\n      okpo\n      balance\n      status\n      paymentForm\n      contractNumber\n      contractDate\n      email\n      bankAccounts {\n        iban\n        bic\n        bank\n      }\n      billingAccounts(first: 100) {\n        nodes {\n          id\n          number\n          balance\n          delivery {\n            method\n            emails\n            format\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ClientInfoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payments {\n    payments(first: 50) {\n      nodes {\n        id\n        paidOn\n        amount\n        documentNumber\n        bank\n        confirmed\n      }\n    }\n  }\n"): typeof import('./graphql').PaymentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterPayment($input: RegisterPaymentInput!) {\n    registerPayment(input: $input) {\n      payment {\n        id\n        amount\n        paidOn\n        confirmed\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').RegisterPaymentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Installments {\n    installments {\n      item\n      total\n      months\n      monthlyPayment\n      lastPayment\n      paymentsMade\n      paymentsLeft\n      amountPaid\n      amountLeft\n      nextPaymentOn\n      payoffDate\n    }\n  }\n"): typeof import('./graphql').InstallmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Subscribers($search: String, $after: String) {\n    subscribers(search: $search, first: 50, after: $after) {\n      nodes {\n        id\n        number\n        name\n        tariff\n        status\n        services {\n          code\n          name\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').SubscribersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FeedbackTickets {\n    feedbackTickets(first: 50) {\n      nodes {\n        id\n        subject\n        text\n        status\n        createdAt\n        replies {\n          author\n          text\n          createdAt\n          fromOperator\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').FeedbackTicketsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFeedbackTicket($input: CreateFeedbackTicketInput!) {\n    createFeedbackTicket(input: $input) {\n      ticket {\n        id\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').CreateFeedbackTicketDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameSubscribers($input: RenameSubscribersInput!) {\n    renameSubscribers(input: $input) {\n      request {\n        id\n        status\n        lineCount\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').RenameSubscribersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RenameRequests {\n    renameRequests(first: 10) {\n      nodes {\n        id\n        status\n        createdAt\n        lineCount\n      }\n    }\n  }\n"): typeof import('./graphql').RenameRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LineFields on LineResult {\n    position\n    number\n    ok\n    status\n    outcome\n    error {\n      ...Refusal\n    }\n  }\n"): typeof import('./graphql').LineFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RenameRequestLive($id: ID!) {\n    renameRequest(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').RenameRequestLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ServiceRequestLive($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ServiceRequestLiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListJobNow($id: ID!) {\n    node(id: $id) {\n      id\n      ... on RenameRequest {\n        status\n      }\n      ... on ServiceRequest {\n        status\n      }\n    }\n  }\n"): typeof import('./graphql').ListJobNowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdditionalServices {\n    additionalServices {\n      code\n      name\n      allowedTariffs\n    }\n  }\n"): typeof import('./graphql').AdditionalServicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceRequests {\n    serviceRequests(first: 20) {\n      nodes {\n        id\n        action\n        serviceCode\n        status\n        createdAt\n        # The first lines only: all of them (up to 10 000 each) exceed the query cost limit.\n        lines(first: 50) {\n          ...LineFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ServiceRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {\n    changeSubscriberServices(input: $input) {\n      request {\n        id\n        status\n      }\n      lines {\n        ...LineFields\n      }\n      errors {\n        ...Refusal\n      }\n    }\n  }\n"): typeof import('./graphql').ChangeSubscriberServicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Refusal on UserError {\n    code\n    field\n    message\n  }\n"): typeof import('./graphql').RefusalFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
