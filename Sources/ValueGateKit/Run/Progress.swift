import Foundation

/// How a run shows its progress on stderr.
public enum ProgressDisplay: Sendable, Equatable {
    /// One line redrawn in place: done/total, rate, ETA, errors (in red unless `color` is off).
    case terminal(color: Bool)
    /// A plain line every few seconds, for CI logs and files.
    case lines
    /// Nothing (`--quiet`).
    case quiet

    /// A redrawn line on a terminal, plain lines otherwise; colour unless NO_COLOR is set
    /// (https://no-color.org) or the terminal is dumb.
    public static func automatic(quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressDisplay {
        if quiet { return .quiet }
        guard TerminalStyle.isTerminal(STDERR_FILENO, environment: environment) else { return .lines }
        return .terminal(color: TerminalStyle.allowsColor(environment))
    }
}

/// Counts finished samples and reports progress as `display` says.
actor ProgressMeter {
    private let total: Int
    private let display: ProgressDisplay
    private let log: @Sendable (String) -> Void
    private var done = 0
    private var failed = 0
    private let started = Date()
    private var lastShown = Date.distantPast
    private var lineOnScreen = false

    init(total: Int, display: ProgressDisplay, log: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.display = display
        self.log = log
    }

    func advance(failed sampleFailed: Bool) {
        done += 1
        if sampleFailed { failed += 1 }
        let now = Date()
        switch display {
        case .quiet:
            return
        case .lines:
            guard now.timeIntervalSince(lastShown) >= 5 || done == total else { return }
            lastShown = now
            log(status(now: now, color: false))
        case .terminal(let color):
            // Redrawing more than ten times a second only costs time.
            guard now.timeIntervalSince(lastShown) >= 0.1 || done == total else { return }
            lastShown = now
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + status(now: now, color: color)).utf8))
            lineOnScreen = true
        }
    }

    /// Ends the redrawn line so later output starts on its own line.
    func finish() {
        if lineOnScreen { FileHandle.standardError.write(Data("\n".utf8)) }
        lineOnScreen = false
    }

    func status(now: Date, color: Bool) -> String {
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        var errors = "\(failed) failed"
        if color, failed > 0 { errors = "\u{1B}[31m\(errors)\u{1B}[0m" }
        return String(format: "%d/%d samples, %.2f/s, %@, ETA %@", done, total, rate, errors, Self.duration(eta))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : s < 3600 ? "\(s / 60) min \(s % 60) s" : "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
