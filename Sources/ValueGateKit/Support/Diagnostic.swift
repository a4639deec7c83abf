/// A problem found in a user's input, located as precisely as the input allows.
///
/// Printed as `file:line:column: error: message`, the form editors and CI annotators parse.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    /// What would fix it, for the command-line front end to word with its own flags.
    public var remedy: InputError.Remedy?

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, column: Int? = nil, _ message: String,
                remedy: InputError.Remedy? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, line > 0, let column { location += ":\(column)" }
        return "\(location): \(severity.rawValue): \(message)"
    }
}

/// Thrown when input has one or more errors; carries all of them, not just the first.
public struct DiagnosticsError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Something the library was given that it cannot use: what is wrong and where (the file,
/// and the line and column when known). Library messages name no command-line flag: `setting`
/// says which input is at fault and `remedy` what would fix it, and the command-line front
/// end words both with its own flags and commands.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// An input a user sets, by flag or in `valuegate.yaml`.
    public enum Setting: String, Sendable, Hashable {
        case baseURL, model, apiKeyVariable, apiKeyFile, endpointKind, suiteName, scenario, label, split
    }

    /// What the user can do about it.
    public enum Remedy: Sendable, Hashable {
        /// A live run of the suites resumes and records what is missing.
        case recordMissingSamples
        /// Record the named samples again from the current suite.
        case recordAgain
        /// Record the changed or missing suite, then save the baseline again.
        case recordSuiteAndSaveBaseline
        /// Re-profile the baseline's stored transcripts with this extractor, and review the diff.
        case reprofileBaseline(directory: String)
        /// Save a baseline from a recording.
        case createBaseline
        /// Run without the response cache.
        case runWithoutCache
        /// Give the API key one way only.
        case oneKeySource
        /// Export the variable, or name another one.
        case otherKeyVariable
        /// Name the file's format instead of detecting it.
        case chooseFormat
        /// Skip malformed lines, counting them.
        case skipInvalidLines
        /// Name the field that holds the transcript.
        case chooseField
        /// Give the path on the command line instead of in the configuration file.
        case pathOnCommandLine
        /// Overwrite what exists, or write elsewhere.
        case overwriteOrWriteElsewhere
    }

    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var setting: Setting?
    public var remedy: Remedy?

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, setting: Setting? = nil, remedy: Remedy? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.setting = setting
        self.remedy = remedy
    }

    /// "file:line:column: error: message", or "error: message" without a file, as
    /// `Diagnostic` prints; without the CLI's wording of `setting` and `remedy`.
    public var description: String {
        file.map { Diagnostic(file: $0, line: line, column: column, message).description } ?? "error: \(message)"
    }
}
