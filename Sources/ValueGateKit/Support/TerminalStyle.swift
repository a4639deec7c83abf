import Foundation

/// Colour for reports printed to a terminal: on when standard output is a terminal,
/// unless NO_COLOR is set (https://no-color.org) or the terminal is dumb; off in files and pipes.
public struct TerminalStyle: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public static let plain = TerminalStyle(color: false)

    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle(color: isTerminal(STDOUT_FILENO, environment: environment) && allowsColor(environment))
    }

    /// A terminal that can redraw and colour, not a file, pipe or dumb terminal.
    static func isTerminal(_ descriptor: Int32, environment: [String: String]) -> Bool {
        isatty(descriptor) == 1 && environment["TERM"] != "dumb"
    }

    static func allowsColor(_ environment: [String: String]) -> Bool { (environment["NO_COLOR"] ?? "").isEmpty }

    func red(_ text: String) -> String { paint(text, "31") }
    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}
