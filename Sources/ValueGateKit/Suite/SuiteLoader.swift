import Foundation
import ValueExtractor
import Yams

/// Reads suite YAML and reports every problem at once, each at its line and column.
///
/// The YAML is composed into a node tree (libyaml, through Yams) and walked by hand rather
/// than decoded with Codable, so that an unknown key, a wrong type and a misspelled value
/// name each get their own positioned diagnostic instead of the first one aborting.
public struct SuiteLoader: Sendable {
    /// Suites are hand-written; anything larger is a mistake or an attack.
    public static let maximumFileSize = 4 << 20

    public let taxonomy: Taxonomy

    public init(taxonomy: Taxonomy) {
        self.taxonomy = taxonomy
    }

    /// Loads a suite file, throwing `DiagnosticsError` with every error found.
    public func load(path: String) throws -> Suite {
        let (suite, diagnostics) = check(path: path)
        let errors = diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let suite else { throw DiagnosticsError(diagnostics) }
        return suite
    }

    /// Loads every file, collecting the diagnostics of all of them before throwing.
    public func load(paths: [String]) throws -> [Suite] {
        var suites: [Suite] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let (suite, found) = check(path: path)
            diagnostics += found.filter { $0.severity == .error }
            if let suite { suites.append(suite) }
        }
        for (index, suite) in suites.enumerated() {
            if let repeated = Self.repeatedID(of: suite, after: Array(suites[..<index])) { diagnostics.append(repeated) }
        }
        guard diagnostics.isEmpty else { throw DiagnosticsError(diagnostics) }
        return suites
    }

    /// Suites checked together need distinct ids: an error for a suite that repeats the id of
    /// one before it.
    public static func repeatedID(of suite: Suite, after earlier: [Suite]) -> Diagnostic? {
        guard let other = earlier.first(where: { $0.id == suite.id }) else { return nil }
        return Diagnostic(file: suite.file, line: 1, column: 1,
                          "suite id '\(suite.id)' is also the id of \(other.file); ids must be unique across the suites checked together")
    }

    /// Checks a suite file: the suite when it could be built, and every diagnostic.
    public func check(path: String) -> (Suite?, [Diagnostic]) {
        let (suite, diagnostics, _) = checkFile(path: path)
        return (suite, diagnostics)
    }

    /// `check(path:)`, also giving the file's text for checks that point into it (lint's).
    public func checkFile(path: String) -> (suite: Suite?, diagnostics: [Diagnostic], text: String) {
        if let problem = FileAccess.problem(readingFile: path) { return (nil, [Diagnostic(file: path, problem)], "") }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > Self.maximumFileSize {
                return (nil, [Diagnostic(file: path, "file is \(size) bytes; suites are limited to \(Self.maximumFileSize) bytes")], "")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return (nil, [Diagnostic(file: path, "cannot read the file")], "")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(file: path, line: 1, column: 1, "file is not valid UTF-8 text")], "")
        }
        let (suite, diagnostics) = check(text: text, file: path)
        return (suite, diagnostics, text)
    }

    /// Checks suite YAML given as text; `file` names it in diagnostics.
    public func check(text: String, file: String) -> (Suite?, [Diagnostic]) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return (nil, [Diagnostic(file: file, line: 1, column: 1, "file is empty; expected a suite mapping with 'suite', 'version' and 'scenarios'")])
            }
            root = node
        } catch let error as YamlError {
            return (nil, [Self.diagnostic(for: error, file: file)])
        } catch {
            return (nil, [Diagnostic(file: file, "cannot parse YAML: \(error)")])
        }
        if Self.nodeCount(root, limit: Self.maximumNodes) > Self.maximumNodes {
            return (nil, [Diagnostic(file: file, line: 1, column: 1, "the suite expands to more than \(Self.maximumNodes) YAML nodes (aliases of aliases?); suites are refused past that size")])
        }
        var reader = SuiteReader(file: file, taxonomy: taxonomy)
        let suite = reader.read(root)
        let sorted = reader.diagnostics.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
        return (suite, sorted)
    }

    /// Aliases are legitimate YAML (a turn reused across scenarios), but nested ones expand
    /// exponentially ("billion laughs"): the expanded tree is counted up to a bound.
    static let maximumNodes = 200_000

    static func nodeCount(_ node: Node, limit: Int) -> Int {
        var count = 0
        var stack = [node]
        while let next = stack.popLast(), count <= limit {
            count += 1
            switch next {
            case .mapping(let mapping): for (key, value) in mapping { stack.append(key); stack.append(value) }
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
        return count
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return Diagnostic(file: file, line: mark.line, column: mark.column, "invalid YAML: \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(file: file, line: context.mark.line, column: context.mark.column,
                              "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in the same mapping; each key may appear once")
        case let .reader(problem, _, _, _):
            return Diagnostic(file: file, line: 1, column: 1, "cannot read YAML: \(problem)")
        default:
            return Diagnostic(file: file, "invalid YAML: \(error)")
        }
    }
}
