@testable import SailorContainer
import SailorWire
import Testing

/// The container's pure parts: what it reads from the API's step, the headers, the result URL, and its memory of
/// finished messages.
struct SailorContainerPartsTests {
    @Test func theStepKeepsItsMembersAsWritten() throws {
        let step = try StepData(json: #"{"id":"s","config":{"b":2,"a":1,"_account":"acc-1"},"snapshot":{"n":5},"is_passthrough":true,"variables":{"v":"x"}}"#)
        #expect(step.configJSON == #"{"b":2,"a":1,"_account":"acc-1"}"#)
        #expect(step.snapshotJSON == #"{"n":5}"# && step.isPassthrough && step.variablesJSON == #"{"v":"x"}"#)
        #expect(step.account == "acc-1")
        let bare = try StepData(json: #"{"config":null,"snapshot":null}"#)
        #expect(bare.configJSON == "{}" && bare.snapshotJSON == "{}" && !bare.isPassthrough && bare.account == nil)
        #expect(throws: PlatformError.self) { try StepData(json: "[1]") }
        #expect(throws: PlatformError.self) { try StepData(json: "{oops") }
    }

    @Test func theProtocolVersionIsSailorsNumberOrOne() {
        #expect(IncomingMessage.protocolVersion(of: []) == 1)
        #expect(IncomingMessage.protocolVersion(of: [("protocolVersion", .number(2))]) == 2)
        #expect(IncomingMessage.protocolVersion(of: [("protocolVersion", .text("2"))]) == 2)
        #expect(IncomingMessage.protocolVersion(of: [("protocolVersion", .text("nonsense"))]) == 1)
        #expect(IncomingMessage.protocolVersion(of: [("protocolVersion", .number(0))]) == 1)
    }

    @Test func theRoutingKeyHeaderIsFoundInAnyCaseAndTakenOut() throws {
        let (headers, key) = try #require(MessageRun.withoutRoutingKey(#"{"a":1,"X-EIO-Routing-Key":"k1","b":"x"}"#))
        #expect(headers == #"{"a":1,"b":"x"}"# && key == "k1")
        #expect(MessageRun.withoutRoutingKey(#"{"a":1}"#) == nil)
    }

    @Test func theResultUrlsCredentialsBecomeBasicAuth() {
        let (url, authorization) = SailorService.withoutCredentials("https://us%3Aer:p%40ss@api.example/v1/exec/result/1?x=1")
        #expect(url == "https://api.example/v1/exec/result/1?x=1")
        #expect(authorization == PlatformAPI.basic(user: "us:er", password: "p@ss"))
        #expect(SailorService.withoutCredentials("http://host/path") == ("http://host/path", nil))
        #expect(SailorService.withoutCredentials("http://host/a@b").1 == nil, "an @ in the path is not a user")
    }

    @Test func finishedMessagesAreRememberedUpToTheCapacity() {
        var recent = RecentOutcomes(capacity: 3)
        recent.remember("a", accepted: true)
        recent.remember("b", accepted: false)
        recent.remember("c", accepted: true)
        recent.remember("d", accepted: true)
        #expect(recent.outcome(of: "a") == nil, "the oldest went")
        #expect(recent.outcome(of: "b") == false && recent.outcome(of: "d") == true)
        recent.remember("b", accepted: true)
        #expect(recent.outcome(of: "b") == true)
    }
}
