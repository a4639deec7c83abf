/// One message of a conversation, the unit every extractor reads.
///
/// The extractor knows nothing of HTTP; runners and importers turn their data into these.
public struct ChatMessage: Codable, Sendable, Hashable {
    public enum Role: String, Codable, Sendable, Hashable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String
    /// For user turns: 0 for the opening request (and any follow-up that is not a push),
    /// n for the n-th escalating push of a scenario. Nil for system and assistant turns.
    public var pushDepth: Int?

    public init(role: Role, content: String, pushDepth: Int? = nil) {
        self.role = role
        self.content = content
        self.pushDepth = pushDepth
    }

    enum CodingKeys: String, CodingKey {
        case role, content
        case pushDepth = "push_depth"
    }
}
