// Reads a JSON array of Adaptive Cards on stdin; prints, per card, every warning that
// Microsoft's library gives when it parses the card at version 1.5 and validates it.
const AC = require("adaptivecards/dist/adaptivecards.js");

function check(payload) {
  const problems = [];
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  try {
    card.parse(payload, context);
  } catch (error) {
    return [`parse threw: ${error.message}`];
  }
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${event.message}`);
  }
  const results = card.validateProperties();
  for (const event of results.validationEvents) {
    problems.push(`validate: ${event.message}`);
  }
  return problems;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map(check)));
});
