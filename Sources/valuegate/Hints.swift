import ValueGateKit

/// The library says which input is at fault and what would fix it; this words both with the
/// command line's own flags and commands.
enum Hints {
    static func worded(_ error: InputError) -> String {
        error.description + (error.setting.map { " (\(flag(for: $0)))" } ?? "") + (error.remedy.map(worded) ?? "")
    }

    static func worded(_ diagnostic: Diagnostic) -> String {
        diagnostic.description + (diagnostic.remedy.map(worded) ?? "")
    }

    static func flag(for setting: InputError.Setting) -> String {
        switch setting {
        case .baseURL: return "--base-url, or endpoint base_url in valuegate.yaml"
        case .model: return "--model"
        case .apiKeyVariable: return "--api-key-env, or endpoint api_key_env in valuegate.yaml"
        case .apiKeyFile: return "--api-key-file, or endpoint api_key_file in valuegate.yaml"
        case .endpointKind: return "--api, or endpoint kind in valuegate.yaml"
        case .suiteName: return "the NAME of valuegate new suite"
        case .scenario: return "--scenario"
        case .label: return "--label"
        case .split: return "--split"
        }
    }

    /// What to do, as it follows the message: a clause after "; " or ", ", or sentences on
    /// a line of their own.
    static func worded(_ remedy: InputError.Remedy) -> String {
        switch remedy {
        case .recordMissingSamples:
            return "\nRecord them with 'valuegate run' against an endpoint (it resumes and fills the gaps), or check that the suites match the recording."
        case .recordAgain: return "; record them again with 'valuegate run'"
        case .recordSuiteAndSaveBaseline: return "\nRecord the suite and save the baseline again: 'valuegate run' then 'valuegate baseline save'."
        case .reprofileBaseline(let directory):
            return "\nRe-profile the baseline's stored transcripts and review the diff:\n  valuegate baseline reprofile \(directory)"
        case .createBaseline: return "; create one with 'valuegate baseline save --label LABEL --recording PATH'"
        case .runWithoutCache: return "; pass --no-cache to run without it"
        case .oneKeySource: return "; give it through --api-key-env or through --api-key-file, not both"
        case .otherKeyVariable: return ", or pass --api-key-env with another variable name"
        case .chooseFormat: return "; name the format with --format"
        case .skipInvalidLines: return ", or pass --skip-invalid to profile the rest and count them"
        case .chooseField: return "; name the field with --field"
        case .pathOnCommandLine: return ", or pass the path on the command line"
        case .overwriteOrWriteElsewhere: return "; pass --force to overwrite, or --directory DIR to write elsewhere"
        }
    }
}
