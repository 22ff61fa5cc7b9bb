import Expr

extension Derivation {
    /// The derivation as JSON for other tools (a web page, a notebook):
    ///
    ///     {"variable":"x","expression":{…},"derivation":STEP,"simplification":[STAGE…],"result":TREE}
    ///
    /// An expression is `{"text":"x^2","latex":"x^{2}"}`. A STEP is `{"id":1,"rule":"product",
    /// "statement":"…","expression":…,"derivative":…,"parts":[STEP…]}` with `outerRule`,
    /// `outerStatement`, `outerDerivatives`, `constantFactor` where they apply and `"folded":true`
    /// when the depth limit hid its parts; a step shown before is `{"ref":1,"expression":…,
    /// "derivative":…}`. A STAGE is `{"name":…,"summary":…,"expression":…}`, the first being
    /// `raw`. `result` is the final derivative as `--format json` prints it.
    public var json: String {
        let infix = InfixPrinter(decimals: decimals), tex = LatexPrinter(decimals: decimals)
        func expr(_ e: Expr) -> String {
            "{\"text\":" + DerivationJSON.quoted(infix.print(e)) + ",\"latex\":" + DerivationJSON.quoted(tex.print(e)) + "}"
        }
        func fields(_ step: DerivationStep) -> String {
            var out = ",\"rule\":" + DerivationJSON.quoted(step.rule) + ",\"statement\":" + DerivationJSON.quoted(step.statement)
            if let r = step.outerRule { out += ",\"outerRule\":" + DerivationJSON.quoted(r) }
            if let s = step.outerStatement { out += ",\"outerStatement\":" + DerivationJSON.quoted(s) }
            if !step.outerDerivatives.isEmpty { out += ",\"outerDerivatives\":[" + step.outerDerivatives.map(expr).joined(separator: ",") + "]" }
            if let k = step.constantFactor { out += ",\"constantFactor\":" + expr(k) }
            return out + ",\"expression\":" + expr(step.expression) + ",\"derivative\":" + expr(step.derivative)
        }
        var out = "{\"variable\":" + DerivationJSON.quoted(infix.print(variable)) + ",\"expression\":" + expr(expression) + ",\"derivation\":"
        // Siblings need commas: one flag per open level says whether a part was written yet.
        var first: [Bool] = [true]
        func separate() {
            if !first[first.count - 1] { out += "," }
            first[first.count - 1] = false
        }
        for event in DerivationWalk.events(self) {
            switch event {
            case let .open(step, number, _):
                separate()
                out += "{\"id\":\(number)" + fields(step) + ",\"parts\":["
                first.append(true)
            case .close:
                first.removeLast()
                out += "]}"
            case let .leaf(step, number, _, folded):
                separate()
                out += "{\"id\":\(number)" + fields(step) + (folded ? ",\"folded\":true" : "") + ",\"parts\":[]}"
            case let .reference(step, number, _):
                separate()
                out += "{\"ref\":\(number),\"expression\":" + expr(step.expression) + ",\"derivative\":" + expr(step.derivative) + "}"
            }
        }
        var stageList = ["{\"name\":\"raw\",\"summary\":" + DerivationJSON.quoted(Derivation.rawSummary) + ",\"expression\":" + expr(derivative) + "}"]
        for stage in stages {
            stageList.append("{\"name\":" + DerivationJSON.quoted(stage.name) + ",\"summary\":" + DerivationJSON.quoted(stage.summary)
                             + ",\"expression\":" + expr(stage.expression) + "}")
        }
        out += ",\"simplification\":[" + stageList.joined(separator: ",") + "]"
        out += ",\"result\":" + JSONPrinter().print(result) + "}"
        return out
    }
}

/// Helpers of the JSON rendering.
enum DerivationJSON {
    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
