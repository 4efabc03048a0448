import Foundation

/// What a service keeps of a flow besides its file: whether someone started or stopped it (which outlives a restart
/// of the service, over the file's `status`), and what its trigger's `startup` hook returned, for `shutdown`.
public struct FlowState: Sendable, Equatable {
    public var flow: String
    /// `active` or `inactive` when set through the service; nil: the file's status holds.
    public var status: String?
    /// `startup(cfg)`'s result as JSON, kept from the flow's start until its stop.
    public var startupData: String?
    public var updatedAt: Date

    package init(flow: String, status: String?, startupData: String?, updatedAt: Date) {
        self.flow = flow
        self.status = status
        self.startupData = startupData
        self.updatedAt = updatedAt
    }
}

public protocol FlowStateKeeping: Sendable {
    func flowState(_ flow: String) async throws -> FlowState?
    func setFlowStatus(_ flow: String, _ status: String?) async throws
    func setStartupData(_ flow: String, _ json: String?) async throws
}
