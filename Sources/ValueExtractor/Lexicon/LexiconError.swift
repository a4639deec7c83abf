import Foundation

/// Everything wrong with a lexicon or its fit to the taxonomy, collected rather than thrown
/// one problem at a time, so a lexicon author fixes them all in one pass.
public struct LexiconError: Error, CustomStringConvertible, Sendable {
    /// One problem: where it is (the file, its line, the entry), what is wrong, and the fix.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        public var file: String?
        public var line: Int?
        /// The entry of a values file, e.g. "entry 3 ('honesty')".
        public var entry: String?
        public var message: String

        public init(file: String? = nil, line: Int? = nil, entry: String? = nil, _ message: String) {
            self.file = file
            self.line = line
            self.entry = entry
            self.message = message
        }

        /// "values-a.json, entry 0 ('honesty'): cue …", "model.tsv:3: expected …".
        public var description: String {
            var place = file ?? ""
            if let line { place += ":\(line)" }
            if let entry { place += (place.isEmpty ? "" : ", ") + entry }
            return (place.isEmpty ? "" : place + ": ") + message
        }
    }

    public let issues: [Issue]

    init(_ issues: [Issue]) {
        self.issues = issues
    }

    public var description: String {
        "invalid value lexicon (\(issues.count) problem\(issues.count == 1 ? "" : "s")):\n"
            + issues.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension DecodingError {
    /// A one-line explanation with a JSON path such as `values[3].cues`.
    var lexiconDescription: String {
        func path(_ keys: [CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return text.isEmpty ? "top level" : text
        }
        switch self {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing required key '\(key.stringValue)'"
        case .dataCorrupted(let context):
            // Foundation puts the JSON syntax error (with its line) in the underlying error.
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                return "\(path(context.codingPath)): \(context.debugDescription) \(detail)"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: self)
        }
    }
}
