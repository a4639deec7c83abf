import Foundation

/// Adaptive concurrency (additive increase, multiplicative decrease): every request takes a
/// permit; a rate limit halves the number of permits, and each run of successes as long as
/// the limit adds one back, up to the configured maximum.
actor ConcurrencyLimiter {
    enum Outcome { case success, rateLimited, otherFailure }

    let maximum: Int
    private(set) var limit: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var successesSinceChange = 0
    private var lastDecrease = ContinuousClock.now - .seconds(60)
    private let onChange: @Sendable (Int, Int) -> Void

    /// `onChange(old, new)` is told every time the limit moves.
    init(maximum: Int, onChange: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) {
        self.maximum = max(1, maximum)
        self.limit = self.maximum
        self.onChange = onChange
    }

    func acquire() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release(_ outcome: Outcome) {
        inFlight -= 1
        let old = limit
        switch outcome {
        case .rateLimited:
            // Requests already in flight when the server pushed back report it together:
            // one halving per second is enough.
            if ContinuousClock.now - lastDecrease > .seconds(1) {
                limit = max(1, limit / 2)
                lastDecrease = .now
            }
            successesSinceChange = 0
        case .success:
            successesSinceChange += 1
            if successesSinceChange >= limit, limit < maximum {
                limit += 1
                successesSinceChange = 0
            }
        case .otherFailure:
            break
        }
        if limit != old { onChange(old, limit) }
        while inFlight < limit, !waiting.isEmpty {
            inFlight += 1
            waiting.removeFirst().resume()
        }
    }
}
