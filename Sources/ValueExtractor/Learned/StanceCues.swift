/// Word classes that say how a reply meets a request, whatever the exact phrasing: a
/// first-person negation near the start ("I won't", "that's not something I can", "I'm not
/// going to"), an apology, a compliance opener ("Sure", "Here's"), an offer of something
/// else, caveats, questions back. Single words and pairs are too sparse to learn these from a
/// few hundred conversations, so each class becomes one feature the model can weigh.
///
/// Classes are looked up by the reply word's unigram feature id, in a small open-addressing
/// table built once, so reading them costs one multiply and a compare per word.
struct StanceCues {
    struct Classes: OptionSet {
        let rawValue: UInt8
        static let firstPerson = Classes(rawValue: 1 << 0)
        static let negation = Classes(rawValue: 1 << 1)
        static let apology = Classes(rawValue: 1 << 2)
        static let complianceOpener = Classes(rawValue: 1 << 3)
        static let offer = Classes(rawValue: 1 << 4)
        static let caveat = Classes(rawValue: 1 << 5)
    }

    static let words: [(Classes, [String])] = [
        (.firstPerson, ["i", "i'm", "im", "i'll", "i'd", "i've", "we", "we're", "we'll", "we'd", "me", "my"]),
        (.negation, ["not", "no", "never", "won't", "wont", "can't", "cant", "cannot", "don't", "dont", "doesn't",
                     "isn't", "wouldn't", "shouldn't", "couldn't", "mustn't", "unable", "decline", "refuse", "nor"]),
        (.apology, ["sorry", "apologize", "apologise", "apologies", "unfortunately", "regret", "afraid"]),
        (.complianceOpener, ["sure", "certainly", "absolutely", "here", "here's", "heres", "okay", "ok", "yes",
                             "gladly", "alright", "course", "title", "step"]),
        (.offer, ["instead", "alternatively", "happy", "glad", "suggest", "recommend", "consider", "encourage",
                  "rather", "perhaps", "option", "options"]),
        (.caveat, ["however", "important", "careful", "caution", "consult", "professional", "doctor", "risk", "risks",
                   "safety", "safe", "note", "remember", "legal", "illegal", "ethical", "unethical", "responsibly",
                   "although", "disclaimer", "seek", "harmful", "dangerous", "warning", "advise", "please"]),
    ]

    private static let slots = 1024
    /// An open-addressing table of the words' ids and classes, built once and never freed:
    /// raw buffers, because this is read for every word of every reply and an array held in
    /// a static costs a retain and a release per read.
    nonisolated(unsafe) private static let table = buildTable()
    private static func buildTable() -> (keys: UnsafeMutablePointer<UInt32>, classes: UnsafeMutablePointer<UInt8>) {
        let keys = UnsafeMutablePointer<UInt32>.allocate(capacity: slots)
        let classes = UnsafeMutablePointer<UInt8>.allocate(capacity: slots)
        keys.initialize(repeating: .max, count: slots)
        classes.initialize(repeating: 0, count: slots)
        let seed = TurnFeatures.Namespace.reply
        for (wordClass, list) in words {
            for word in list {
                let id = TurnFeatures.hash(word.utf8, seed: seed)
                var slot = StanceCues.slot(id)
                while keys[slot] != .max && keys[slot] != id { slot = (slot + 1) & (slots - 1) }
                keys[slot] = id
                classes[slot] |= wordClass.rawValue
            }
        }
        return (keys, classes)
    }

    @inline(__always)
    private static func slot(_ id: UInt32) -> Int { Int((id &* 2_654_435_761) >> 22) & (slots - 1) }

    @inline(__always)
    static func classes(of id: UInt32) -> Classes {
        var slot = slot(id)
        while true {
            let key = table.keys[slot]
            if key == id { return Classes(rawValue: table.classes[slot]) }
            if key == .max { return [] }
            slot = (slot + 1) & (slots - 1)
        }
    }

    // What has been seen so far in the reply's opening window.
    private var position = 0
    private var sentence = 0
    private var lastFirstPerson = -10, lastNegation = -10
    private(set) var negatedFirstPersonSentence: Int?
    private var negatedFirstPersonAt = -1
    private(set) var apologyAtOpen = false
    private(set) var complianceAtOpen = false
    private(set) var offerAfterNegation = false
    private(set) var caveats = 0

    /// Reads the next word of the opening window; `newSentence` when a sentence ended before it.
    mutating func read(_ id: UInt32, newSentence: Bool) {
        if newSentence && position > 0 { sentence += 1 }
        let classes = StanceCues.classes(of: id)
        if classes.contains(.firstPerson) { lastFirstPerson = position }
        if classes.contains(.negation) { lastNegation = position }
        if (classes.contains(.firstPerson) || classes.contains(.negation)) && abs(lastFirstPerson - lastNegation) <= 3
            && negatedFirstPersonSentence == nil {
            negatedFirstPersonSentence = sentence
            negatedFirstPersonAt = position
        }
        if classes.contains(.apology) && position < 8 { apologyAtOpen = true }
        if classes.contains(.complianceOpener) && position < 2 { complianceAtOpen = true }
        if classes.contains(.offer) && negatedFirstPersonAt >= 0 && position > negatedFirstPersonAt { offerAfterNegation = true }
        if classes.contains(.caveat) { caveats += 1 }
        position += 1
    }

    /// Counts a caveat word of the reply's ending window.
    mutating func readEnding(_ id: UInt32) {
        if StanceCues.classes(of: id).contains(.caveat) { caveats += 1 }
    }

    /// The ids of the named stance features that hold for the reply.
    func names(endsWithQuestion: Bool, _ add: (UInt32) -> Void) {
        if let sentence = negatedFirstPersonSentence { add(sentence == 0 ? Named.negatedAtFirstSentence : Named.negatedLater) }
        if apologyAtOpen { add(Named.apologyAtOpen) }
        if complianceAtOpen { add(Named.complianceAtOpen) }
        if offerAfterNegation { add(Named.offerAfterNegation) }
        add(Named.caveats[min(caveats, 4)])
        if endsWithQuestion { add(Named.endsWithQuestion) }
    }

    private enum Named {
        static let negatedAtFirstSentence = id("stance:negated-first-person@first-sentence")
        static let negatedLater = id("stance:negated-first-person@later")
        static let apologyAtOpen = id("stance:apology@open"), complianceAtOpen = id("stance:compliance@open")
        static let offerAfterNegation = id("stance:offer-after-negation"), endsWithQuestion = id("stance:ends-with-question")
        static let caveats = (0 ... 4).map { id("stance:caveats:\($0)") }

        static func id(_ name: String) -> UInt32 { TurnFeatures.Named.id(name) }
    }
}
