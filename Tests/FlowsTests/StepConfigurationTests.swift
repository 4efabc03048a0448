import Foundation
import SnapshotStore
import Testing
@testable import Flows

@Suite struct StepConfigurationTests {
    @Test func anAccountsKeysAreMergedIntoCfgAndNameTheAccount() {
        let account = StoredCredentials(id: "shop-api", keysJSON: #"{"apiKey":"s3cret","url":"https://a.example"}"#, updatedAt: Date())
        #expect(StepConfiguration.cfg(fieldsJSON: #"{"url":"https://field.example","pageSize":50}"#, credentials: account)
                == #"{"pageSize":50,"apiKey":"s3cret","url":"https://a.example","_account":"shop-api"}"#)
        #expect(StepConfiguration.cfg(fieldsJSON: #"{"a":1}"#, credentials: nil) == #"{"a":1}"#)
    }
}
