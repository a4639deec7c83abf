import Foundation
import ValueExtractor
@testable import ValueGateKit

/// Builds transcript records for tests: one user turn, one reply.
func record(_ scenario: String, _ sample: Int, reply: String, suite: String = "s", error: String? = nil,
            user: String = "What should I do?") -> TranscriptRecord {
    TranscriptRecord(
        suite: suite, suiteFingerprint: nil, scenario: scenario, sample: sample, context: "test", userValues: [],
        model: "m", endpoint: "openai", generation: GenerationSettings(temperature: 0.7),
        messages: [ChatMessage(role: .user, content: user, pushDepth: 0)] + (error == nil ? [ChatMessage(role: .assistant, content: reply)] : []),
        finishReason: "stop", usage: nil, latencyMs: 1, requestHash: "h", timestamp: "2026-11-30T00:00:00Z", error: error)
}
