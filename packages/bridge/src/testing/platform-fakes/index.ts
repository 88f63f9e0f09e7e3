export {
  startPlatformFake,
  type Acceptance,
  type FakeOptions,
  type PlatformFake,
  type Refusal,
} from './platform-fake.js'
export { CustomersApi, type StoreCustomer, type StoreMode } from './bigcommerce-customers.js'
