import AMQPTransport
import Foundation
import SailorWire
import TestSupport
import Testing

/// `jshost sailor` in place of sailor-nodejs, run as sailor's own integration tests run sailor
/// (`mocha_spec/run.spec.js`): a real RabbitMQ, a fake API on loopback, an encrypted input message with sailor's
/// headers; the test reads the next-step, error, rebound, snapshot and reply queues. One at a time, in a test pass
/// of their own (scripts/test): they wait on their thread for the broker and the container.
@Suite(.serialized, .timeLimit(.minutes(10)), .enabled(if: TestRequirements.met(RabbitMQServer.available), "needs rabbitmq-server"))
struct SailorDropInTests {
    let input = #"{"headers":{"stepId":"step_1"},"body":{"message":"Just do it!"}}"#
    let messageId = UUID().uuidString.lowercased(), parentMessageId = UUID().uuidString.lowercased()
    let threadId = UUID().uuidString.lowercased()

    func expectedHeaders(function: String, protocolVersion: Int, extra: [String: String] = [:]) -> [String: String] {
        var headers = ["execId": "some-exec-id", "taskId": "5559edd38968ec0736000003", "workspaceId": "5559edd38968ec073600683",
                       "containerId": "dc1c8c3f-f9cb-49e1-a6b8-716af9e15948", "userId": "5559edd38968ec0736000002",
                       "stepId": "step_1", "compId": "5559edd38968ec0736000456", "function": function, "threadId": threadId,
                       "parentMessageId": messageId, "protocolVersion": String(protocolVersion)]
        headers.merge(extra) { $1 }
        return headers
    }

    @Test(arguments: [(1, 1), (1, 2), (2, 1), (2, 2)])
    func runsTheTriggerAndPublishesItsDataWithSailorsHeaders(output: Int, input version: Int) throws {
        let harness = try SailorHarness("data")
        try harness.publish(input, messageId: messageId, parentMessageId: parentMessageId, threadId: threadId,
                            headers: version == 2 ? [("protocolVersion", .number(2))] : [])
        let container = try harness.launch(harness.environment(function: "init_then_emit", ["ELASTICIO_PROTOCOL_VERSION": String(output)]))
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        #expect(SailorHarness.stableHeaders(delivery) == expectedHeaders(function: "init_then_emit", protocolVersion: output))
        #expect(delivery.header("messageId") == .text("f45be600-f770-11e6-b42d-b187bfbf19fd"))
        if case .number(let start)? = delivery.header("start"), case .number(let end)? = delivery.header("end") {
            #expect(start > 1_700_000_000_000 && end >= start)
        } else {
            Issue.record("start and end are not numbers: \(delivery.headers)")
        }
        #expect(delivery.contentType == "application/json" && delivery.expiration == nil)
        let message = try harness.open(delivery, protocolVersion: output)
        let body = try #require(message["body"] as? [String: Any])
        let original = try #require(body["originalMsg"] as? [String: Any])
        #expect((original["body"] as? [String: String]) == ["message": "Just do it!"])
        #expect((original["headers"] as? [String: String]) == ["stepId": "step_1"])
        let subscription = try #require(body["subscription"] as? [String: Any])
        #expect(subscription["id"] as? String == "subscription_12345")
        #expect((subscription["cfg"] as? [String: String]) == ["apiKey": "secret"])
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "the message was acknowledged")
        let fetch = try #require(harness.apiRequests.first)
        #expect(fetch["path"] as? String == "/v1/tasks/5559edd38968ec0736000003/steps/step_1")
        #expect(fetch["authorization"] as? String == "Basic " + Data("test@test.com:5559edd".utf8).base64EncodedString())
        #expect(fetch["connection"] as? String == "Keep-Alive")
    }

    @Test func aBrokerThatStopsAnsweringIsNoticedWithinTwoHeartbeats() throws {
        let harness = try SailorHarness("heartbeat")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        var environment = harness.environment(function: "echo")
        environment["ELASTICIO_AMQP_URI"] = harness.broker.uri + "?heartbeat=2"
        let container = try harness.launch(environment)
        _ = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        let frozen = Date()
        harness.broker.freeze()
        var noticed = false
        while !noticed && Date().timeIntervalSince(frozen) < 15 {
            Thread.sleep(forTimeInterval: 0.1)
            let stderr = harness.stderr(of: container)
            noticed = stderr.contains("the consumer's connection failed") || stderr.contains("missed two heartbeats")
        }
        let took = Date().timeIntervalSince(frozen)
        harness.broker.thaw()
        #expect(noticed, "\(harness.stderr(of: container).suffix(2000))")
        #expect(took < 6, "noticed after \(took) s")
        _ = harness.stop(container)
    }

    @Test func theComponentGetsTheMessageConfigurationAndSnapshotOfTheStep() throws {
        let harness = try SailorHarness("echo")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "echo"))
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        let body = try #require(try harness.open(delivery, protocolVersion: 1)["body"] as? [String: Any])
        #expect((body["cfg"] as? [String: String]) == ["apiKey": "secret"])
        #expect((body["snapshot"] as? [String: Int]) == ["lastModifiedDate": 123_456_789])
        #expect(((body["msg"] as? [String: Any])?["body"] as? [String: String]) == ["message": "Just do it!"])
        #expect(harness.stop(container) == 0)
    }

    @Test func passthroughCarriesTheIncomingStepsAndAddsItsOwn() throws {
        let harness = try SailorHarness("passthrough", step: #"{"config":{},"is_passthrough":true}"#)
        let message = #"{"id":"34","headers":{"x-custom-component-header":"123_abc"},"body":{"message":"Just do it"},"passthrough":{"step_0":{"id":"33","body":{},"attachments":{}}}}"#
        try harness.publish(message, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "echo", ["ELASTICIO_STEP_ID": "step_2"]))
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        let out = try harness.open(delivery, protocolVersion: 1)
        let passthrough = try #require(out["passthrough"] as? [String: Any])
        #expect((passthrough["step_0"] as? [String: Any])?["id"] as? String == "33")
        let own = try #require(passthrough["step_2"] as? [String: Any])
        #expect((own["headers"] as? [String: String]) == ["x-custom-component-header": "123_abc"])
        #expect(own["id"] as? String == "f45be600-f770-11e6-b42d-b187bfbf1bbb" && own["passthrough"] == nil)
        #expect(harness.stop(container) == 0)
    }

    @Test func awaitedEmitsEachArriveAndTheMessageIsAcknowledgedAfterThem() throws {
        let harness = try SailorHarness("loop")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "emit_loop"))
        var seen: [Int] = []
        for _ in 0..<11 {
            let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
            let body = try #require(try harness.open(delivery, protocolVersion: 1)["body"] as? [String: Any])
            seen.append(body["i"] as? Int ?? -1)
        }
        #expect(seen == Array(0..<11))
        #expect(try harness.receive(.message, timeout: .milliseconds(300)) == nil)
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil)
    }

    @Test func anHttpReplyGoesToReplyToInProtocolVersionOne() throws {
        let harness = try SailorHarness("reply")
        try harness.publish(input, messageId: messageId, threadId: threadId, headers: [("reply_to", .text(harness.replyKey))])
        let container = try harness.launch(harness.environment(function: "reply", ["ELASTICIO_PROTOCOL_VERSION": "2"]))
        let delivery = try #require(try harness.receive(.reply), "\(harness.stderr(of: container))")
        #expect(SailorHarness.stableHeaders(delivery)
            == expectedHeaders(function: "reply", protocolVersion: 1, extra: ["reply_to": harness.replyKey]))
        let reply = try harness.open(delivery, protocolVersion: 1)
        #expect(reply["statusCode"] as? Int == 200 && reply["body"] as? String == "Ok")
        #expect((reply["headers"] as? [String: String]) == ["content-type": "text/plain"])
        #expect(harness.stop(container) == 0)
    }

    @Test func anAwaitedHttpReplyWithoutReplyToIsAnError() throws {
        let harness = try SailorHarness("noreply")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "reply_without_await"))
        let delivery = try #require(try harness.receive(.error), "\(harness.stderr(of: container))")
        let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
        let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
        #expect(error["message"] as? String == "Component emitted 'httpReply' event but 'reply_to' was not found in AMQP headers")
        #expect(try harness.receive(.message, timeout: .milliseconds(300)) == nil, "the rejected emit ended the run")
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "rejected, not requeued")
    }

    @Test(arguments: [1, 2])
    func anErrorCarriesItsInputAndTheMessageIsRejected(input version: Int) throws {
        let harness = try SailorHarness("error")
        try harness.publish(input, messageId: messageId, threadId: threadId,
                            headers: [("protocolVersion", .number(Int64(version))), ("reply_to", .text(harness.replyKey))])
        let container = try harness.launch(harness.environment(function: "fail"))
        let delivery = try #require(try harness.receive(.error), "\(harness.stderr(of: container))")
        #expect(SailorHarness.stableHeaders(delivery)["parentMessageId"] == messageId)
        #expect(delivery.header("end") != nil)
        let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
        let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
        #expect(error["name"] as? String == "Error" && error["message"] as? String == "Something went wrong with Just do it!")
        // The stack as V8 writes it, as sailor's consumers expect: heading, then `    at` frames into the component.
        let stack = try #require(error["stack"] as? String)
        #expect(stack.hasPrefix("Error: Something went wrong with Just do it!\n    at "), "\(stack)")
        #expect(stack.contains("fail.js:") && !stack.contains("@"), "\(stack)")
        let errorInput = try #require(wrapper["errorInput"] as? String)
        // Protocol 1: the incoming content as it came; 2: re-encrypted as base64.
        let original = try harness.json(try harness.cipher.open(Array(errorInput.utf8), protocolVersion: 1))
        #expect((original["body"] as? [String: String]) == ["message": "Just do it!"])
        // The error also answers reply_to, marked as an error response.
        let reply = try #require(try harness.receive(.reply))
        #expect(reply.header("x-eio-error-response") == .flag(true))
        #expect(try harness.json(try harness.cipher.open(reply.body, protocolVersion: 1))["message"] as? String
            == "Something went wrong with Just do it!")
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "rejected without requeueing")
    }

    @Test func aReboundRepublishesTheOriginalWithAGrowingExpiration() throws {
        let harness = try SailorHarness("rebound")
        try harness.publish(input, messageId: messageId, threadId: threadId, headers: [("x-eio-meta-trace", .text("t-1"))])
        let container = try harness.launch(harness.environment(function: "rebound"))
        let first = try #require(try harness.receive(.rebound), "\(harness.stderr(of: container))")
        #expect(first.expiration == "15000")
        #expect(first.header("reboundIteration") == .number(1))
        #expect(first.header("reboundReason") == .text("Service unavailable, try again later"))
        #expect(first.header("messageId") == .text(messageId) && first.header("x-eio-meta-trace") == .text("t-1"))
        #expect(try harness.cipher.open(first.body, protocolVersion: 1) == input, "the original content, as it came")
        // The rebound comes back (the platform's dead-letter loop, here by hand): the next is twice as long.
        try harness.publish(input, messageId: messageId, threadId: threadId, headers: [("reboundIteration", .number(1))])
        let second = try #require(try harness.receive(.rebound))
        #expect(second.expiration == "30000" && second.header("reboundIteration") == .number(2))
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "a rebound is acknowledged")
    }

    @Test func pastTheReboundLimitItIsAnError() throws {
        let harness = try SailorHarness("reboundlimit")
        try harness.publish(input, messageId: messageId, threadId: threadId, headers: [("reboundIteration", .number(2))])
        let container = try harness.launch(harness.environment(function: "rebound", ["ELASTICIO_REBOUND_LIMIT": "2"]))
        let delivery = try #require(try harness.receive(.error), "\(harness.stderr(of: container))")
        let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
        let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
        #expect(error["message"] as? String == "Rebound limit exceeded")
        #expect(try harness.receive(.rebound, timeout: .milliseconds(300)) == nil)
        #expect(harness.stop(container) == 0)
    }

    @Test func snapshotsAreSentAsTheyAreAndKeptForTheNextMessage() throws {
        let harness = try SailorHarness("snapshot")
        try harness.publish(#"{"body":{"message":"one"}}"#, messageId: messageId, threadId: threadId)
        try harness.publish(#"{"body":{"message":"two"}}"#, messageId: UUID().uuidString, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "snapshots"))
        var events: [(String, [String: Any])] = []
        for _ in 0..<4 {
            let delivery = try #require(try harness.receive(.snapshot), "\(harness.stderr(of: container))")
            events.append((delivery.header("snapshotEvent")?.text ?? "", try harness.json(String(decoding: delivery.body, as: UTF8.self))))
        }
        #expect(events.map(\.0) == ["snapshot", "updateSnapshot", "snapshot", "updateSnapshot"])
        #expect(events[0].1["count"] as? Int == 1 && events[0].1["lastModifiedDate"] as? Int == 123_456_789)
        #expect((events[1].1 as? [String: String]) == ["seen": "one"], "only the delta")
        #expect(events[2].1["count"] as? Int == 2, "the second message started from the first one's snapshot")
        let counts = try (0..<2).map { _ in try #require(try harness.receive(.message)) }
            .map { try harness.open($0, protocolVersion: 1)["body"] as? [String: Int] }
        #expect(counts == [["count": 1], ["count": 2]])
        #expect(harness.stop(container) == 0)
    }

    @Test func xEioRoutingKeySendsDataElsewhereAndIsTakenOut() throws {
        let harness = try SailorHarness("route")
        try harness.publish(#"{"body":{"route":"\#(harness.key(.reply))"}}"#, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "custom_route"))
        let delivery = try #require(try harness.receive(.reply), "\(harness.stderr(of: container))")
        let out = try harness.open(delivery, protocolVersion: 1)
        #expect((out["headers"] as? [String: String]) == ["kept": "yes"])
        #expect(try harness.receive(.message, timeout: .milliseconds(300)) == nil)
        #expect(harness.stop(container) == 0)
    }

    @Test func aMessageOverTheSizeLimitIsAnErrorAndTheRestGoesOn() throws {
        let harness = try SailorHarness("size")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "oversized", ["ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT": "1000"]))
        let delivery = try #require(try harness.receive(.error), "\(harness.stderr(of: container))")
        let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
        let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
        #expect((error["message"] as? String)?.hasPrefix("Outgoing message size ") == true)
        #expect((error["message"] as? String)?.hasSuffix(" exceeds limit of 1000.") == true)
        let small = try #require(try harness.receive(.message))
        #expect((try harness.open(small, protocolVersion: 1)["body"] as? [String: Bool]) == ["small": true])
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "rejected")
    }

    @Test func updateKeysWritesTheCredentialThroughTheAPI() throws {
        let harness = try SailorHarness("keys", step: #"{"config":{"_account":"acc-42","apiKey":"secret"}}"#)
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "keys"))
        _ = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        let update = try #require(harness.apiRequests.first { $0["method"] as? String == "PUT" })
        #expect(update["path"] as? String == "/v1/accounts/acc-42")
        #expect(update["body"] as? String == #"{"keys":{"oauth":{"access_token":"fresh"}}}"#)
        #expect(harness.stop(container) == 0)
    }

    @Test func additionalVariablesBecomeHeaders() throws {
        let harness = try SailorHarness("vars")
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "echo", [
            "ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS": "ELASTICIO_FIRST, ELASTICIO_SECOND_ELASTICIO_ENV ,ELASTICIO_NOT_PRESENT",
            "ELASTICIO_FIRST": "1", "ELASTICIO_SECOND_ELASTICIO_ENV": "2"]))
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        #expect(SailorHarness.stableHeaders(delivery)
            == expectedHeaders(function: "echo", protocolVersion: 1, extra: ["first": "1", "secondElasticioEnv": "2"]))
        #expect(harness.stop(container) == 0)
    }

    @Test func aFailingInitIsPublishedAsAnErrorAndTheContainerExits() throws {
        let harness = try SailorHarness("init")
        let container = try harness.launch(harness.environment(function: "fails_to_init"))
        let delivery = try #require(try harness.receive(.error), "\(harness.stderr(of: container))")
        let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
        #expect(wrapper["errorInput"] == nil)
        let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
        #expect(error["message"] as? String == "OMG. I cannot init")
        let headers = SailorHarness.stableHeaders(delivery)
        #expect(headers["stepId"] == "step_1" && headers["function"] == "fails_to_init" && headers["execId"] == "some-exec-id")
        #expect(harness.exit(of: container) == 1)
    }

    @Test func startupStoresItsDataAndTheShutdownHookGetsIt() throws {
        let harness = try SailorHarness("hooks")
        let marker = harness.workspace.root + "/shutdown.json"
        try harness.setStep(#"{"config":{"apiKey":"secret","shutdownMarker":"\#(marker)"}}"#)
        // Started twice: the second start finds the first one's data (409), deletes it and stores its own.
        for _ in 0..<2 {
            let container = try harness.launch(harness.environment(function: "hooks", ["ELASTICIO_STARTUP_REQUIRED": "1"]))
            try harness.publish(input, messageId: UUID().uuidString, threadId: threadId)
            _ = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
            #expect(harness.stop(container) == 0)
        }
        let hookCalls = harness.apiRequests.filter { ($0["path"] as? String)?.contains("/sailor-support/hooks/") == true }
        #expect(hookCalls.map { $0["method"] as? String ?? "" } == ["POST", "POST", "DELETE", "POST"])
        #expect(hookCalls.first?["path"] as? String == "/sailor-support/hooks/task/5559edd38968ec0736000003/startup/data")
        #expect(hookCalls.first?["body"] as? String == #"{"subscription":"on","for":"secret"}"#)

        var environment = harness.environment(function: "hooks", ["ELASTICIO_HOOK_SHUTDOWN": "1"])
        for name in ["AMQP_URI", "LISTEN_MESSAGES_ON", "MESSAGE_CRYPTO_PASSWORD"] { environment["ELASTICIO_" + name] = nil }
        let shutdown = try harness.launch(environment)
        #expect(harness.exit(of: shutdown) == 0, "\(harness.stderr(of: shutdown))")
        let written = try harness.json(try String(contentsOfFile: marker, encoding: .utf8))
        #expect(written["cfg"] as? String == "secret")
        #expect((written["startupData"] as? [String: String]) == ["subscription": "on", "for": "secret"])
        #expect(harness.apiRequests.last?["method"] as? String == "DELETE")
    }

    @Test func theStepIsFetchedAgainAfterServerErrors() throws {
        let harness = try SailorHarness("retry", apiFailures: 2)
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let container = try harness.launch(harness.environment(function: "echo"))
        _ = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        #expect(harness.apiRequests.filter { $0["method"] as? String == "GET" }.count == 3)
        #expect(harness.stop(container) == 0)
    }

    @Test(arguments: ["1", "10"])
    func connectionsClosedMidMessageAreOpenedAgainAndTheMessageRunsOnce(prefetch: String) throws {
        let harness = try SailorHarness("reconnect")
        // The component runs until both connections are closed, however long closing them takes on a loaded machine.
        let release = harness.workspace.root + "/slow.release"
        let container = try harness.launch(harness.environment(function: "slow", ["SLOW_UNTIL": release,
                                                                                 "ELASTICIO_RABBITMQ_PREFETCH_SAILOR": prefetch]))
        try harness.publish(input, messageId: messageId, threadId: threadId)
        let started = Date().addingTimeInterval(20)
        while !harness.stderr(of: container).contains("slow: started") && Date() < started { Thread.sleep(forTimeInterval: 0.02) }
        // Both of the container's connections go while the component works: the message comes back to the new
        // consumer, and the data is published on a new write connection.
        #expect(try harness.broker.closeConnections(namedWithSuffix: "-read") == 1)
        #expect(try harness.broker.closeConnections(namedWithSuffix: "-write") == 1)
        #expect(FileManager.default.createFile(atPath: release, contents: Data()), "the component waits for \(release)")
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        #expect((try harness.open(delivery, protocolVersion: 1)["body"] as? [String: String]) == ["echoed": "Just do it!"])
        #expect(try harness.receive(.message, timeout: .seconds(4)) == nil, "the redelivered copy was not run again")
        // The copy comes back once the new consumer is up, which a loaded machine may take a while to be.
        let redelivered = Date().addingTimeInterval(30)
        while !harness.stderr(of: container).contains("came again after its connection was lost") && Date() < redelivered {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(harness.stderr(of: container).contains("came again after its connection was lost"))
        #expect(harness.stop(container) == 0)
        #expect(try harness.leftOnStepQueue() == nil, "the redelivered copy was acknowledged")
    }

    @Test func atAPrefetchOfTenOutputsKeepTheirOrderAndEveryMessageIsSettledOnce() throws {
        let harness = try SailorHarness("pipelined")
        let count = 40
        for i in 0..<count { try harness.publish(#"{"body":{"i":\#(i)}}"#, messageId: "m-\(i)", threadId: threadId) }
        let container = try harness.launch(harness.environment(function: "mixed", ["ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "10"]))
        let failing = (0..<count).filter { $0 % 7 == 3 }
        var data: [[Int]] = []
        for _ in 0..<(2 * (count - failing.count)) {
            let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
            let body = try #require(try harness.open(delivery, protocolVersion: 1)["body"] as? [String: Int])
            data.append([body["i"] ?? -1, body["part"] ?? -1])
        }
        #expect(data == (0..<count).filter { !failing.contains($0) }.flatMap { [[$0, 1], [$0, 2]] })
        var errors: [String] = []
        for _ in failing {
            let delivery = try #require(try harness.receive(.error))
            let wrapper = try harness.json(String(decoding: delivery.body, as: UTF8.self))
            let error = try harness.json(try harness.cipher.open(Array((wrapper["error"] as? String ?? "").utf8), protocolVersion: 1))
            errors.append(error["message"] as? String ?? "")
        }
        #expect(errors == failing.map { "fails at \($0)" })
        // Each message started from the one before it: the snapshots count every message, in order.
        var counts: [Int] = []
        for _ in 0..<count {
            let delivery = try #require(try harness.receive(.snapshot))
            counts.append(try harness.json(String(decoding: delivery.body, as: UTF8.self))["count"] as? Int ?? -1)
        }
        #expect(counts == Array(1...count))
        #expect(try harness.receive(.message, timeout: .milliseconds(300)) == nil, "no message ran twice")
        #expect(harness.stop(container) == 0)
        // Acknowledged or rejected, each of them: none goes back to the queue when the container's connection closes.
        #expect(try harness.leftOnStepQueue() == nil)
    }

    @Test func sigtermMidMessageFinishesTheMessageThenStops() throws {
        let harness = try SailorHarness("graceful")
        // The first message runs until the stop was asked for, however slow the machine.
        let release = harness.workspace.root + "/slow.release"
        let container = try harness.launch(harness.environment(function: "slow", ["SLOW_UNTIL": release]))
        try harness.publish(input, messageId: messageId, threadId: threadId)
        try harness.publish(#"{"body":{"message":"second"}}"#, messageId: UUID().uuidString, threadId: threadId)
        let started = Date().addingTimeInterval(20)
        while !harness.stderr(of: container).contains("slow: started") && Date() < started { Thread.sleep(forTimeInterval: 0.02) }
        kill(container.processIdentifier, SIGTERM)
        #expect(FileManager.default.createFile(atPath: release, contents: Data()), "the component waits for \(release)")
        #expect(harness.exit(of: container) == 0, "\(harness.stderr(of: container))")
        let delivery = try #require(try harness.receive(.message, timeout: .seconds(2)))
        #expect((try harness.open(delivery, protocolVersion: 1)["body"] as? [String: String]) == ["echoed": "Just do it!"])
        // The second message was never started: it waits on the queue for the next container.
        let left = try #require(try harness.leftOnStepQueue())
        #expect(try harness.cipher.open(left.body, protocolVersion: 1) == #"{"body":{"message":"second"}}"#)
        #expect(!harness.stderr(of: container).contains("slow: started second"))
    }

    @Test func anErrorHandlerStepGetsTheErrorAndItsInputDecrypted() throws {
        let harness = try SailorHarness("errorinput")
        // What a failing step published (SailorPayloads, checked against sailor's format elsewhere), as the input
        // of an error-handler step.
        let errorJSON = #"{"message":"upstream failed","name":"Error","stack":"Not Available"}"#
        let wrapper = try SailorPayloads.errorMessage(errorJSON: errorJSON, incomingBody: try harness.cipher.seal(input, protocolVersion: 1),
                                                      incomingProtocolVersion: 1, cipher: harness.cipher)
        let confirmation = try harness.connection.publish(exchange: "", routingKey: harness.listenQueue, body: Array(wrapper.utf8),
                                                          headers: [("messageId", .text(messageId)), ("threadId", .text(threadId))],
                                                          mandatory: true)
        #expect(confirmation == .acknowledged)
        let container = try harness.launch(harness.environment(function: "echo", ["ELASTICIO_INPUT_FORMAT": "error"]))
        let delivery = try #require(try harness.receive(.message), "\(harness.stderr(of: container))")
        let body = try #require(try harness.open(delivery, protocolVersion: 1)["body"] as? [String: Any])
        let msg = try #require(body["msg"] as? [String: Any])
        let received = try #require(msg["body"] as? [String: Any])
        #expect((received["error"] as? [String: String])?["message"] == "upstream failed")
        #expect(((received["errorInput"] as? [String: Any])?["body"] as? [String: String]) == ["message": "Just do it!"])
        #expect((msg["headers"] as? [String: Any])?["messageId"] as? String == messageId)
        #expect(harness.stop(container) == 0)
    }

    @Test func aBadEnvironmentNamesEveryMissingVariable() throws {
        let harness = try SailorHarness("env")
        var environment = harness.environment(function: "echo")
        environment["ELASTICIO_FLOW_ID"] = nil
        environment["ELASTICIO_AMQP_URI"] = nil
        let container = try harness.launch(environment)
        #expect(harness.exit(of: container) == 2)
        let stderr = harness.stderr(of: container)
        #expect(stderr.contains("ELASTICIO_FLOW_ID") && stderr.contains("ELASTICIO_AMQP_URI"), "\(stderr)")
    }

    @Test func serviceModePostsTheResultToThePostResultUrl() throws {
        let harness = try SailorHarness("service")
        func service(_ method: String, _ extra: [String: String]) throws -> [String: Any] {
            var environment = harness.environment(function: "models", extra)
            environment["ELASTICIO_POST_RESULT_URL"] = "http://user:p%40ss@127.0.0.1:\(harness.apiPort)/results/\(method)"
            let process = try harness.launch(environment, arguments: ["sailor", "service", method])
            #expect(harness.exit(of: process) == 0, "\(harness.stderr(of: process))")
            let posted = try #require(harness.apiRequests.last { $0["path"] as? String == "/results/\(method)" })
            #expect(posted["authorization"] as? String == "Basic " + Data("user:p@ss".utf8).base64EncodedString())
            return try harness.json(posted["body"] as? String ?? "")
        }
        let verified = try service("verifyCredentials", ["ELASTICIO_CFG": #"{"apiKey":"secret"}"#])
        #expect(verified["status"] as? String == "success" && (verified["data"] as? [String: Bool]) == ["verified": true])
        let refused = try service("verifyCredentials", ["ELASTICIO_CFG": #"{"apiKey":"wrong"}"#])
        #expect((refused["data"] as? [String: Any])?["verified"] as? Bool == false)
        #expect((refused["data"] as? [String: Any])?["reason"] as? String == "apiKey is wrong")
        let meta = try service("getMetaModel", ["ELASTICIO_CFG": #"{"apiKey":"secret","_account":"acc-7"}"#, "ELASTICIO_ACTION_OR_TRIGGER": "models"])
        #expect(meta["status"] as? String == "success" && (meta["data"] as? [String: Any])?["in"] != nil)
        #expect(harness.apiRequests.contains { $0["method"] as? String == "PUT" && $0["path"] as? String == "/v1/accounts/acc-7" })
        let select = try service("selectModel", ["ELASTICIO_CFG": "{}", "ELASTICIO_ACTION_OR_TRIGGER": "models",
                                                 "ELASTICIO_GET_MODEL_METHOD": "listThings"])
        #expect((select["data"] as? [String: String]) == ["a": "Thing A", "b": "Thing B"])
        let missing = try service("selectModel", ["ELASTICIO_CFG": "{}", "ELASTICIO_ACTION_OR_TRIGGER": "models",
                                                  "ELASTICIO_GET_MODEL_METHOD": "nothing"])
        #expect(missing["status"] as? String == "error")
        #expect((missing["data"] as? [String: String])?["message"] == #"Method "nothing" is not found in "models" action or trigger"#)
    }
}
