import Foundation
import JSHostCore
import SailorWire
import SnapshotStore
import Testing
@testable import AMQPTransport
@testable import BrokerQueues

/// A queued message on the broker and back, in sailor's wire format (the broker itself: ServeBrokerTests).
@Suite struct BrokerWireTests {
    let key = StepKey(flow: "orders", step: "step_2")

    func queued(availableAt: Date) -> QueuedMessage {
        QueuedMessage(id: 41, key: key, json: #"{"body":{"n":1}}"#,
                      context: QueueContext(threadId: "t-1", parentMessageId: "p-1", headers: ["reboundIteration": "2"]),
                      fromRun: "run-7", availableAt: availableAt, attempts: 2)
    }

    func delivery(_ publication: BrokerWire.Publication) -> AMQPDelivery {
        AMQPDelivery(deliveryTag: 1, exchange: publication.exchange, routingKey: publication.routingKey, redelivered: false,
                     headers: publication.headers, contentType: nil, replyTo: nil, expiration: publication.expiration, body: publication.body)
    }

    @Test func aQueuedMessageComesBackAsTheStoreQueuedIt() throws {
        let now = Date()
        let message = queued(availableAt: now)
        let publication = BrokerWire.publication(message, now: now)
        #expect(publication.exchange == "orders")
        #expect(publication.routingKey == "orders:step_2:messages")
        #expect(publication.expiration == nil)
        #expect(publication.headers.contains { $0.name == "threadId" && $0.value.text == "t-1" })
        #expect(publication.headers.contains { $0.name == "parentMessageId" && $0.value.text == "p-1" })
        #expect(publication.headers.contains { $0.name == "messageId" && $0.value.text == message.messageID })
        guard case .queued(let back) = BrokerWire.incoming(delivery(publication), key: key) else {
            Issue.record("the delivery was not taken as the store's message")
            return
        }
        #expect(back.id == 41 && back.json == message.json && back.fromRun == "run-7" && back.attempts == 2)
        #expect(back.context == message.context)
    }

    @Test func aReboundWaitsInItsStepsReboundsQueue() {
        let now = Date()
        let publication = BrokerWire.publication(queued(availableAt: now.addingTimeInterval(15)), now: now)
        #expect(publication.routingKey == "orders:step_2:rebounds")
        #expect(publication.expiration == "15000")
    }

    @Test func anotherProgramsMessageIsTakenByItsMessageIdOrRefused() {
        let foreign = AMQPDelivery(deliveryTag: 2, exchange: "orders", routingKey: "orders:step_2:messages", redelivered: false,
                                   headers: [("messageId", .text("m-9")), ("threadId", .text("t-9"))], contentType: nil,
                                   replyTo: nil, expiration: nil, body: Array(#"{"body":{}}"#.utf8))
        guard case .foreign(let id, _, let context) = BrokerWire.incoming(foreign, key: key) else {
            Issue.record("sailor's message was not taken")
            return
        }
        #expect(id == "m-9" && context.threadId == "t-9" && context.parentMessageId == "m-9")
        var anonymous = foreign
        anonymous.headers = []
        guard case .refused(let why) = BrokerWire.incoming(anonymous, key: key) else {
            Issue.record("a message without messageId was taken")
            return
        }
        #expect(why.contains("messageId"))
    }
}
