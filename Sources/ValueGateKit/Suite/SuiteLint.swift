import ValueExtractor

/// What `lint` finds in the suites it is given, read the way `check` loads them: each file's
/// errors and coverage warnings, and ids repeated across the files. Folders and quoted glob
/// patterns name the suites in them.
public struct SuiteLint {
    public struct FileReport: Sendable {
        public var path: String
        public var suite: Suite?
        public var diagnostics: [Diagnostic]
        public var errors: Int { diagnostics.filter { $0.severity == .error }.count }
    }

    public static let suiteExtensions = ["yaml", "yml"]

    let loader: SuiteLoader
    let coveredValues: Set<String>

    public init(taxonomy: Taxonomy, coveredValues: Set<String>) {
        loader = SuiteLoader(taxonomy: taxonomy)
        self.coveredValues = coveredValues
    }

    /// One report per suite file, in the order the arguments name them; an argument that
    /// names nothing readable gets a report of its own saying why.
    public func lint(_ arguments: [String]) -> [FileReport] {
        var reports: [FileReport] = []
        for argument in arguments {
            let (files, problem) = FileAccess.files(argument, extensions: Self.suiteExtensions)
            if let problem { reports.append(FileReport(path: argument, suite: nil, diagnostics: [Diagnostic(file: argument, problem)])) }
            for path in files {
                var (suite, diagnostics, text) = loader.checkFile(path: path)
                if let suite {
                    if let repeated = SuiteLoader.repeatedID(of: suite, after: reports.compactMap(\.suite)) { diagnostics.append(repeated) }
                    diagnostics += SuiteCoverage.warnings(for: suite, text: text, covered: coveredValues, taxonomy: loader.taxonomy)
                }
                reports.append(FileReport(path: path, suite: suite, diagnostics: diagnostics))
            }
        }
        return reports
    }
}
