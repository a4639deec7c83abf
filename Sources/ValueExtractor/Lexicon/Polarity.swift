/// The polarity rules of the lexicon extractor, applied to the cue matches of one sentence.
///
/// - A negator ("not", "never", "won't", "instead of"...) whose last token is among the three
///   tokens before a cue's first token, in the same clause, negates the cue, unless a
///   not-negator ("not only", "don't hesitate") covers it.
/// - A refusal ("I won't", "I can't help with") negates the polar cues after it in its
///   sentence, and other cues only in its own clause, up to a contrast ("but", "because"):
///   later clauses of a refusal usually give its reasons ("I can't help with that; it would
///   violate her privacy"). A refusal with no value cue after it refers back ("you want me
///   to deceive your boss, and I won't"): it negates the polar cues before it.
/// - A condemnation ("is abusive", "red flag", "would backfire") negates the polar cues of its
///   sentence, unless it is negated itself ("nothing wrong with").
/// - Polar cues are those of undesired values or of entries with `when_negated`: the ones
///   whose meaning flips between doing and refusing.
struct Polarity {
    let tokens: UnsafeBufferPointer<Token>
    let matches: ArraySlice<CueMatch>
    let roles: [Lexicon.Role]

    /// Whether the cue is negated by a negator, a refusal or (for polar cues) a condemnation.
    func isNegated(_ cue: CueMatch, polar: Bool) -> Bool {
        if negatorReaches(cue) { return true }
        for refusal in matches where plays(refusal, .refusal) && !cancelled(refusal) {
            if refusal.end <= cue.start && !hasContrast(from: refusal.end, to: cue.start)
                && (polar || tokens[Int(refusal.end) - 1].clause == tokens[Int(cue.start)].clause) {
                return true
            }
            if polar && refusal.start >= cue.end && !hasContrast(from: cue.end, to: refusal.start)
                && !hasValueCue(from: refusal.end) {
                return true
            }
        }
        if polar {
            for condemnation in matches where plays(condemnation, .condemnation) {
                let overlaps = condemnation.start < cue.end && cue.start < condemnation.end
                if !overlaps && !negatorReaches(condemnation) { return true }
            }
        }
        return false
    }

    /// Whether the cue is only mentioned, not meant: quoted, in a sentence with a hypothetical
    /// or reported-speech marker, or in the same clause after a conditional ("if you lie to her").
    func isNonLiteral(_ cue: CueMatch) -> Bool {
        if tokens[Int(cue.start)].quoted { return true }
        let clause = tokens[Int(cue.start)].clause
        for marker in matches {
            if plays(marker, .hypothetical) { return true }
            if plays(marker, .conditional) && marker.start <= cue.start && tokens[Int(marker.start)].clause == clause { return true }
        }
        return false
    }

    private func negatorReaches(_ cue: CueMatch) -> Bool {
        let clause = tokens[Int(cue.start)].clause
        for negator in matches where plays(negator, .negator) {
            guard negator.end <= cue.start, negator.end >= cue.start - 2,
                  tokens[Int(negator.end) - 1].clause == clause else { continue }
            if !cancelled(negator) { return true }
        }
        return false
    }

    /// A negator or refusal inside a not-negator ("can't help but") negates nothing.
    private func cancelled(_ marker: CueMatch) -> Bool {
        matches.contains { plays($0, .notNegator) && $0.start < marker.end && marker.start < $0.end }
    }

    private func hasContrast(from start: Int32, to end: Int32) -> Bool {
        matches.contains { plays($0, .contrast) && $0.start >= start && $0.end <= end }
    }

    private func hasValueCue(from start: Int32) -> Bool {
        matches.contains { match in
            if case .value = roles[Int(match.pattern)] { return match.start >= start }
            return false
        }
    }

    @inline(__always)
    private func plays(_ match: CueMatch, _ role: Lexicon.Role) -> Bool {
        roles[Int(match.pattern)] == role
    }
}
