/// The exit codes of every valuegate command, one table, so a CI script can tell a failed
/// gate from bad input and from a run that could not decide.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case pass = 0
    case gateFailed = 1
    case usage = 2
    case inconclusive = 3

    public var meaning: String {
        switch self {
        case .pass: return "pass"
        case .gateFailed: return "gate failed (a regression or a broken expectation)"
        case .usage: return "usage, configuration or input error"
        case .inconclusive: return "inconclusive (too many failed samples, endpoint down, interrupted)"
        }
    }

    /// "0 pass; 1 gate failed (…); 2 …; 3 …", for help texts.
    public static var summary: String { allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ") }
}
