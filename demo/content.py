"""The demo world as plain data: both questionnaires, the organisations, the people and
what they did. No Django import: `build.py` turns this into rows.

Questions use these keys: text, help_text, kind, weight, evidence_expected; then per kind
scale -> labels (what a 1 ... a 5 looks like), yes_no -> reverse, number -> low, high,
direction, unit, choice -> options [(key, label, points)]. An optional `demo_source`
on a number question names the provider profile field the demo answers are drawn from.
Decimals are strings.
"""

HIGHER = "higher_better"
LOWER = "lower_better"

# --- The provider scorecard: a reseller rates an indirect provider ------------------------

PROVIDER_SCORECARD = {
    "title": "Provider scorecard",
    "description": (
        "A reseller's view of an indirect CSP provider: what it invests in the partnership, the community "
        "it opens up, whether its prices are realistic for the value it adds, and how it behaves as a partner. "
        "Attach proof where you have it; a score built on evidence carries more weight than one built on impressions."
    ),
    "areas": [
        {
            "key": "relationships",
            "title": "Relationships: a two-way street",
            "description": (
                "What the provider invests in you, what it asks of you in return, and whether the exchange is fair "
                "and written down on both sides."
            ),
            "weight": "30",
            "questions": [
                {
                    "text": "How much does this provider invest in your growth: enablement, technical help and marketing?",
                    "help_text": (
                        "Think of the last twelve months: training days, pre-sales help, co-funded campaigns and "
                        "people's time. Count what was delivered, not what the partner brochure promises."
                    ),
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": True,
                    "labels": [
                        "Nothing beyond the price list and a portal login",
                        "Webinars open to every partner; nothing aimed at us",
                        "Some enablement and support when we ask for it, but no plan",
                        "A yearly plan of enablement and marketing that we agreed together",
                        "A funded plan with named people, reviewed every quarter and delivered in full",
                    ],
                },
                {
                    "text": "Do you have a named contact who knows your business and replies within a working day?",
                    "help_text": (
                        "A partner or channel manager who knows your customers and plans, not a shared mailbox "
                        "or a ticket queue."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "How are the KPIs they ask of you set?",
                    "help_text": (
                        "Targets such as customer seat adds per quarter or Azure consumed revenue per month should "
                        "come from a plan both sides signed up to, not a sheet sent to every partner."
                    ),
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "options": [
                        ("imposed", "Imposed on us without any discussion", "0"),
                        ("standard", "The same target sheet every partner gets", "1"),
                        ("their_terms", "Discussed, but mostly on their terms", "2"),
                        ("agreed", "Agreed together from our own business plan", "3"),
                        ("reviewed", "Agreed together and reviewed every quarter, both ways", "4"),
                    ],
                },
                {
                    "text": "When you commit to a KPI, how clearly does the provider commit to something in return?",
                    "help_text": (
                        "A fair exchange fills in both columns: your seat adds or consumed revenue on one side; "
                        "enablement days, marketing funds or response times on the other."
                    ),
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": True,
                    "labels": [
                        "They ask for targets and promise nothing back",
                        "Vague promises of 'support', with no numbers attached",
                        "Some services listed, but not tied to our targets",
                        "Written services tied to our targets, mostly delivered",
                        "A written two-way agreement, tracked by both sides and delivered in full",
                    ],
                },
                {
                    "text": "How many enablement or training days did they give your staff in the last twelve months?",
                    "help_text": (
                        "Count days of workshops, bootcamps, exam preparation and technical coaching that the "
                        "provider ran or paid for and your people attended."
                    ),
                    "kind": "number",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "20",
                    "direction": HIGHER,
                    "unit": "days",
                    "demo_source": "enablement_days_per_year",
                },
                {
                    "text": "Have they joined you in front of a customer to help win a deal?",
                    "help_text": (
                        "A joint call, a pre-sales architect at a workshop, a review of your bid: help where the "
                        "customer can see it, not only behind the scenes."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "What happened the last time you fell short of a target you had agreed with them?",
                    "help_text": (
                        "How a provider handles a missed target shows whether commitments are a partnership or a "
                        "stick. Mark it not applicable if you have never missed one."
                    ),
                    "kind": "choice",
                    "weight": "1",
                    "evidence_expected": False,
                    "options": [
                        ("cut", "They cut our terms or support without a conversation", "0"),
                        ("unnoticed", "Nobody noticed, which says something too", "1"),
                        ("reminder", "A reminder and a fresh target", "2"),
                        ("talked", "They sat down with us to find out why and adjusted the plan", "3"),
                    ],
                },
                {
                    "text": "Do they want volume commitments from you before offering anything at all?",
                    "help_text": (
                        "A provider that needs a signed target before it will even discuss enablement sees the "
                        "relationship as one-way. Here 'no' is the good answer."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
            ],
        },
        {
            "key": "community",
            "title": "Community",
            "description": (
                "Access to a community of peers, round tables and events, and whether the provider hears the "
                "feedback it gets there and acts on it."
            ),
            "weight": "20",
            "questions": [
                {
                    "text": "How useful is the partner community this provider gives you access to?",
                    "help_text": (
                        "Peers you learn from, partners you could team up with, contacts at Microsoft and "
                        "software vendors: what has the community actually given you?"
                    ),
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": False,
                    "labels": [
                        "There is no community, only a newsletter",
                        "An online forum that hardly anyone uses",
                        "A community that meets now and then, mostly to listen to the provider",
                        "Active peers we learn from and sometimes work with",
                        "A lively network that has brought us partners, vendor contacts and deals",
                    ],
                },
                {
                    "text": "How many round tables, partner events or community sessions did they invite you to in the last twelve months?",
                    "help_text": "Count invitations to sessions where partners meet each other, not product webinars.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": False,
                    "low": "0",
                    "high": "12",
                    "direction": HIGHER,
                    "unit": "events",
                },
                {
                    "text": "Has feedback from you or your peers led to a change you can point to?",
                    "help_text": (
                        "A change to a process, the portal, pricing or support that you can trace back to what "
                        "partners told them. Link the announcement if there was one."
                    ),
                    "kind": "yes_no",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "What happens to the feedback you give at their events?",
                    "help_text": "Whether anyone reports back tells you whether the listening is real.",
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "options": [
                        ("vanishes", "It disappears; we never hear of it again", "0"),
                        ("acknowledged", "It is acknowledged, then nothing follows", "1"),
                        ("summarised", "They circulate a summary of what they heard", "2"),
                        ("reported", "They report back on what they changed, and why not where they didn't", "3"),
                    ],
                },
                {
                    "text": "Have they introduced you to another partner or a Microsoft contact that led to work?",
                    "help_text": (
                        "Introductions to resellers with complementary skills, independent software vendors or "
                        "Microsoft partner managers that turned into a project or an opportunity."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "How much room do partners have to speak at their events and shape the agenda?",
                    "help_text": "A community belongs to its members when they can influence what it talks about.",
                    "kind": "scale",
                    "weight": "1",
                    "evidence_expected": False,
                    "labels": [
                        "Sales presentations from start to finish",
                        "Mostly presentations, with a short question time",
                        "A few partner slots, chosen by the provider",
                        "Partners present and propose topics as a matter of course",
                        "Partners co-own the agenda and the provider mostly hosts",
                    ],
                },
                {
                    "text": "Are the community's benefits kept for their biggest partners only?",
                    "help_text": (
                        "A community open only to the largest spenders is a loyalty scheme rather than a "
                        "community. Here 'no' is the good answer."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
                {
                    "text": "How safe is it to be candid with them in front of other partners?",
                    "help_text": "Whether criticism raised at a round table is welcomed or taken personally.",
                    "kind": "scale",
                    "weight": "1",
                    "evidence_expected": False,
                    "labels": [
                        "Criticism earns us an awkward call from the account manager",
                        "We keep our heads down in public",
                        "Polite criticism is tolerated",
                        "Criticism is welcomed and answered",
                        "They ask for the hard feedback and thank people for giving it",
                    ],
                },
            ],
        },
        {
            "key": "realism",
            "title": "Realism",
            "description": (
                "Margin and discount points weighed against the value of the services, enablement and support "
                "that come with them, and how easy it would be to switch."
            ),
            "weight": "25",
            "questions": [
                {
                    "text": "Margin points offered on Microsoft 365",
                    "help_text": (
                        "The discount below list price you get on Microsoft 365 through this provider, in "
                        "percentage points. A point or two either way matters less than what comes with it."
                    ),
                    "kind": "number",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "12",
                    "direction": HIGHER,
                    "unit": "points",
                    "demo_source": "typical_margin_points",
                },
                {
                    "text": "How well do the services you get justify the margin you give up against the cheapest provider?",
                    "help_text": (
                        "Put a price on the enablement days, support and marketing funds, and weigh it against the "
                        "points of margin you could have had elsewhere."
                    ),
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": True,
                    "labels": [
                        "We pay more and get nothing extra",
                        "A little extra help that doesn't cover the difference",
                        "About even: the services are worth roughly the points we give up",
                        "Clearly worth it: buying these services elsewhere would cost more",
                        "The services earn us far more than the points cost, and we can show the sums",
                    ],
                },
                {
                    "text": "How quickly does their technical support usually respond, in working hours?",
                    "help_text": "The usual time to a useful first answer from someone technical, not the automatic acknowledgement.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": False,
                    "low": "1",
                    "high": "48",
                    "direction": LOWER,
                    "unit": "hours",
                    "demo_source": "support_response_hours",
                },
                {
                    "text": "How many working days would it take to move your customers to another provider?",
                    "help_text": (
                        "Include the transfer form, customer approvals and sorting out billing. Moving should take "
                        "days; a provider that makes leaving slow relies on lock-in rather than value."
                    ),
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": False,
                    "low": "1",
                    "high": "30",
                    "direction": LOWER,
                    "unit": "days",
                },
                {
                    "text": "Did they explain the NCE commitment terms plainly before you signed customers up?",
                    "help_text": (
                        "Monthly terms cost about a fifth more than annual ones, and annual seats can only go up "
                        "once the seven-day cancellation window has passed. Did they make sure you knew?"
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "How do they help with New Commerce Experience renewals and migrations?",
                    "help_text": "From nothing at all to someone who checks every renewal with you.",
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "options": [
                        ("none", "No help; we find out at renewal time", "0"),
                        ("reminders", "Renewal reminders from the portal", "1"),
                        ("tools", "Tools that show upcoming renewals and cancellation windows", "2"),
                        ("advice", "Advice per customer on annual against monthly terms", "3"),
                        ("managed", "A planned migration, and someone who reviews each renewal with us", "4"),
                    ],
                },
                {
                    "text": "Do they insist on price as the only lever in every negotiation?",
                    "help_text": (
                        "If each conversation ends with discount points and never with services, the relationship "
                        "is purely transactional. Here 'no' is the good answer."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
                {
                    "text": "How accurate and timely is their billing?",
                    "help_text": "Billing errors eat the margin you were promised; count the time spent chasing them too.",
                    "kind": "scale",
                    "weight": "1",
                    "evidence_expected": False,
                    "labels": [
                        "Frequent errors that cost us money and time",
                        "Errors most months, and slow to put right",
                        "Occasional errors, corrected when we chase",
                        "Rare errors, corrected without us chasing",
                        "Clean, reconciled invoices on time that we can bill customers from directly",
                    ],
                },
            ],
        },
        {
            "key": "mindset",
            "title": "Mindset and culture",
            "description": (
                "Whether the provider partners rather than working in silos, keeps learning, and proves what it "
                "says instead of asking to be taken at its word."
            ),
            "weight": "25",
            "questions": [
                {
                    "text": "How much do they behave as a partner rather than a supplier?",
                    "help_text": "Partners plan with you and bring you opportunities; suppliers take orders and send invoices.",
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": False,
                    "labels": [
                        "An order-taker: we place orders and they bill them",
                        "A friendly supplier, interested only in volume",
                        "Helpful when asked, but no shared plans",
                        "Shared plans and joint work on some customers",
                        "They bring us opportunities, skills and partners, and plan with us as equals",
                    ],
                },
                {
                    "text": "Can they show case studies or references from resellers like you?",
                    "help_text": "Published case studies, reference calls or partner stories: proof rather than claims. Link one.",
                    "kind": "yes_no",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "How do they back up the claims they make about their services?",
                    "help_text": "The further down this list, the less you have to take on trust.",
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "options": [
                        ("assertion", "With nothing but assertions", "0"),
                        ("slides", "Marketing slides", "1"),
                        ("figures", "Figures they share when asked", "2"),
                        ("references", "Reference partners we can call", "3"),
                        ("public", "Published case studies, metrics and a digital footprint anyone can check", "4"),
                    ],
                },
                {
                    "text": "How much do they invest in learning, for their own staff and for yours?",
                    "help_text": "A learning culture shows in certifications, shared lessons and time set aside to learn.",
                    "kind": "scale",
                    "weight": "1",
                    "evidence_expected": False,
                    "labels": [
                        "Their staff know less about the products than ours do",
                        "Product training only when Microsoft requires it",
                        "Regular training for their own staff, some of it open to us",
                        "A learning plan that includes certifications for our people",
                        "They share what they learn, pay for exams and celebrate certifications with us",
                    ],
                },
                {
                    "text": "Do they bring in partners with complementary skills rather than keeping every customer to themselves?",
                    "help_text": "Helping each other's customers achieve more only works if nobody works in a silo.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "Do different teams at the provider give you conflicting answers?",
                    "help_text": (
                        "Sales, support and billing each telling their own story is a sign of silos. Here 'no' is "
                        "the good answer."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
                {
                    "text": "How many Microsoft solutions partner designations or specialisations do they hold?",
                    "help_text": "Designations and advanced specialisations they can show in Partner Center or on their website.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "10",
                    "direction": HIGHER,
                    "unit": "designations",
                },
                {
                    "text": "How do they react when something goes wrong?",
                    "help_text": "A growth mindset shows in how mistakes are owned and learned from.",
                    "kind": "scale",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "labels": [
                        "They deny it, deflect it or blame Microsoft",
                        "They fix it slowly and quietly",
                        "They fix it and apologise",
                        "They fix it, explain the cause and tell us what will change",
                        "They fix it, share the lessons openly and check back with us later",
                    ],
                },
            ],
        },
    ],
}

# --- Reseller readiness: a reseller rates itself --------------------------------------------

RESELLER_READINESS = {
    "title": "Reseller readiness",
    "description": (
        "The questions to ask yourselves before asking a provider to invest in you: can we commit to targets, "
        "will we contribute to the community, are we realistic about margin, and can we prove what we say?"
    ),
    "areas": [
        {
            "key": "relationships",
            "title": "Relationships: a two-way street",
            "description": "Whether we can make commitments in return for investment, and keep them.",
            "weight": "30",
            "questions": [
                {
                    "text": "Could we commit today to quarterly KPIs such as customer seat adds or Azure consumed revenue?",
                    "help_text": (
                        "A provider that funds your enablement or marketing will want measurable growth back. "
                        "Answer yes only if a real plan stands behind the number."
                    ),
                    "kind": "yes_no",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "What is our Microsoft partner capability score?",
                    "help_text": (
                        "Microsoft scores partners out of 100 from net customer adds, certifications, usage growth "
                        "and deployments; 70 qualifies. Take the figure from Partner Center and attach a screenshot."
                    ),
                    "kind": "number",
                    "weight": "2",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "100",
                    "direction": HIGHER,
                    "unit": "points",
                },
                {
                    "text": "How well do we track the KPIs we would be committing to?",
                    "help_text": "You can only promise seat adds or consumed revenue you can measure.",
                    "kind": "scale",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "labels": [
                        "We couldn't say what last quarter's seat adds were",
                        "We could work them out from invoices if pushed",
                        "A spreadsheet, updated every month",
                        "A dashboard that sales and leadership look at every month",
                        "Live figures we share with our providers and review with them every quarter",
                    ],
                },
                {
                    "text": "Who owns the relationship with our provider?",
                    "help_text": "Investment goes to partnerships that someone on your side is accountable for.",
                    "kind": "choice",
                    "weight": "1",
                    "evidence_expected": False,
                    "options": [
                        ("nobody", "Nobody in particular", "0"),
                        ("orders", "Whoever happens to place the orders", "1"),
                        ("manager", "A manager, alongside other duties", "2"),
                        ("owner", "A named owner with time set aside for it", "3"),
                        ("sponsored", "A named owner with a director as sponsor", "4"),
                    ],
                },
                {
                    "text": "How many of our staff hold a current Microsoft certification?",
                    "help_text": "Count people, not exams, across Azure, Microsoft 365, Dynamics 365 and security.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "20",
                    "direction": HIGHER,
                    "unit": "people",
                },
                {
                    "text": "Did we meet every KPI we agreed with a provider in the last year?",
                    "help_text": "Be honest: a provider remembers missed targets when it decides where to invest next.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "Do we expect a provider to invest in us without offering any commitment back?",
                    "help_text": "Investment with nothing in return is a one-way street. Here 'no' is the good answer.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
            ],
        },
        {
            "key": "community",
            "title": "Community",
            "description": "Whether we take part in our providers' communities, and give as well as take.",
            "weight": "20",
            "questions": [
                {
                    "text": "How many round tables, partner events or community sessions did we attend in the last twelve months?",
                    "help_text": "Count sessions where partners meet each other, not product webinars.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": False,
                    "low": "0",
                    "high": "12",
                    "direction": HIGHER,
                    "unit": "events",
                },
                {
                    "text": "When we attend, how much do we contribute?",
                    "help_text": "Listening matters, but a community only works when members speak up and share.",
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": False,
                    "labels": [
                        "We don't go",
                        "We go and listen, nothing more",
                        "We ask the odd question",
                        "We share our experience and give candid feedback",
                        "We present, run sessions and help other partners with their problems",
                    ],
                },
                {
                    "text": "Do we send someone who is at ease networking and will join the debate?",
                    "help_text": (
                        "If networking is not your strength, that's fine: send a colleague who enjoys it, or bring "
                        "one along."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "Have we helped another partner in the community in the last year?",
                    "help_text": "An introduction, advice on a tricky deployment, a shared template: anything that helped a peer.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "How do we give feedback to our providers?",
                    "help_text": "Providers can only help you well if you tell them, candidly, what works and what doesn't.",
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "options": [
                        ("never", "We don't; we grumble among ourselves", "0"),
                        ("complaints", "Only when something has gone wrong", "1"),
                        ("surveys", "When they send us a survey", "2"),
                        ("candid", "Regularly and candidly, the good and the bad", "3"),
                    ],
                },
                {
                    "text": "Do we treat community events as sales calls rather than a place to learn and share?",
                    "help_text": "Turning up only to sell, or only for the hospitality, helps nobody. Here 'no' is the good answer.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
            ],
        },
        {
            "key": "realism",
            "title": "Realism",
            "description": "Whether we are realistic about margin against the services we need, and know our options.",
            "weight": "25",
            "questions": [
                {
                    "text": "How realistic are we about margin against the services we need?",
                    "help_text": "Providers have to make money somewhere; investment in you is paid for out of margin.",
                    "kind": "scale",
                    "weight": "2",
                    "evidence_expected": False,
                    "labels": [
                        "Price is all that matters to us",
                        "We'd give up a point, grudgingly, and still expect everything",
                        "We weigh margin against services now and then",
                        "We put a value on services and trade margin for them on purpose",
                        "We know what each service is worth to us and choose providers on that basis",
                    ],
                },
                {
                    "text": "How many points of margin would we trade for enablement, support and marketing?",
                    "help_text": "On Microsoft 365 a few points can pay for a lot of enablement days and support.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": False,
                    "low": "0",
                    "high": "5",
                    "direction": HIGHER,
                    "unit": "points",
                },
                {
                    "text": "Do we know what it would cost us to buy a provider's services elsewhere?",
                    "help_text": "Support, training and marketing all have a market price; without it you can't judge a margin offer.",
                    "kind": "yes_no",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "How do we choose between monthly and annual NCE terms for our customers?",
                    "help_text": (
                        "Monthly terms cost about 20% more than annual ones, and annual seat counts can only rise "
                        "once the seven-day cancellation window closes."
                    ),
                    "kind": "choice",
                    "weight": "1",
                    "evidence_expected": False,
                    "options": [
                        ("monthly", "Monthly everywhere, without explaining the premium", "0"),
                        ("ad_hoc", "Case by case, with no policy", "1"),
                        ("annual_default", "Annual by default, monthly where flexibility is worth the premium", "3"),
                        (
                            "policy",
                            "A written policy, explained to every customer, with cancellation windows tracked",
                            "4",
                        ),
                    ],
                },
                {
                    "text": "Do we know how we would move our customers to another provider, and how long it would take?",
                    "help_text": (
                        "Switching is a transfer form and a few days' work. Knowing that keeps any relationship "
                        "honest, on both sides."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "Do we expect full service from a provider while choosing it on price alone?",
                    "help_text": (
                        "Chasing the lowest price is a fair choice, but it comes with a lighter, more digital "
                        "service. Here 'no' is the good answer."
                    ),
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
            ],
        },
        {
            "key": "mindset",
            "title": "Mindset and culture",
            "description": "Whether we partner, keep learning, and show proof of what we can do.",
            "weight": "25",
            "questions": [
                {
                    "text": "How well do we work with other partners rather than in a silo?",
                    "help_text": "Customers gain most when partners combine their skills.",
                    "kind": "scale",
                    "weight": "1.5",
                    "evidence_expected": False,
                    "labels": [
                        "We never partner; every customer is ours alone",
                        "We partner only when a customer makes us",
                        "We have a couple of partners we call on",
                        "We partner regularly and share customers openly",
                        "Partnering is how we grow: joint offers, shared customers and referrals both ways",
                    ],
                },
                {
                    "text": "Could we give a provider two reference customers this week?",
                    "help_text": "Customers happy to take a call about work you did for them. Name them in the comment if you can.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": True,
                    "reverse": False,
                },
                {
                    "text": "How many case studies, videos, podcasts or posts about customer results did we publish in the last twelve months?",
                    "help_text": "Your digital footprint: anything public that shows what you achieved for a customer. Link the best one.",
                    "kind": "number",
                    "weight": "1",
                    "evidence_expected": True,
                    "low": "0",
                    "high": "12",
                    "direction": HIGHER,
                    "unit": "items",
                },
                {
                    "text": "How do we prove our abilities to a provider?",
                    "help_text": "Ask for proof from providers, and be ready to give it.",
                    "kind": "choice",
                    "weight": "1.5",
                    "evidence_expected": True,
                    "options": [
                        ("word", "We ask them to take our word for it", "0"),
                        ("deck", "A capabilities deck", "1"),
                        ("designations", "Certifications and designations in Partner Center", "2"),
                        ("references", "Customers they can call", "3"),
                        ("public", "A public record: case studies, talks and a footprint anyone can check", "4"),
                    ],
                },
                {
                    "text": "How strong is our learning culture?",
                    "help_text": "Think of the whole team, not the one enthusiast.",
                    "kind": "scale",
                    "weight": "1",
                    "evidence_expected": False,
                    "labels": [
                        "Nobody has time to learn",
                        "Training only when a certification lapses",
                        "A training budget that a few people use",
                        "Everyone has learning goals and time to meet them",
                        "We learn in the open: we share what we learn, mentor others and celebrate new certifications",
                    ],
                },
                {
                    "text": "Do we ask customers and providers for feedback, and change because of it?",
                    "help_text": "A growth mindset looks for other views and acts on them.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": False,
                },
                {
                    "text": "Do we treat a provider's suggestions as a sales pitch to resist?",
                    "help_text": "Some are, but a closed mind misses the ones that aren't. Here 'no' is the good answer.",
                    "kind": "yes_no",
                    "weight": "1",
                    "evidence_expected": False,
                    "reverse": True,
                },
            ],
        },
    ],
}

QUESTIONNAIRES = {"provider_scorecard": PROVIDER_SCORECARD, "reseller_readiness": RESELLER_READINESS}

# --- Tags ------------------------------------------------------------------------------------

TAGS = {
    "region": ["UK", "Ireland", "Nordics", "DACH", "Benelux", "France", "Iberia"],
    "product": ["Azure", "Microsoft 365", "Dynamics 365", "Power Platform", "Security"],
    "programme": ["CSP indirect", "Azure Expert MSP support", "Marketplace", "NCE migration help"],
}

# --- Standings -------------------------------------------------------------------------------

STANDINGS = [
    ("At risk", "0", "40", "#dc3545"),
    ("Developing", "40", "60", "#fd7e14"),
    ("Strong", "60", "80", "#0d6efd"),
    ("Strategic", "80", "100", "#198754"),
]

# --- Providers: `quality` is each area's "true" quality in 0..1 that demo answers scatter around.

PROVIDERS = [
    {
        "slug": "northwind",
        "name": "Northwind Distribution",
        "headline": "Hands-on cloud distribution for growing Microsoft partners",
        "description": (
            "Northwind pairs every reseller with a named partner manager and a technical lead, and plans "
            "enablement a year ahead. Its round tables in Reading and Dublin are where many of its partners met "
            "each other. Margins are middling; the services are why partners stay."
        ),
        "headquarters": "Reading, UK",
        "regions": ["UK", "Ireland", "Nordics"],
        "products": ["Azure", "Microsoft 365", "Dynamics 365", "Security"],
        "programmes": ["CSP indirect", "Azure Expert MSP support", "NCE migration help"],
        "margin_points": "8",
        "enablement_days": 12,
        "support_hours": 4,
        "quality": {"relationships": 0.78, "community": 0.72, "realism": 0.62, "mindset": 0.74},
    },
    {
        "slug": "fabrikam",
        "name": "Fabrikam Cloud",
        "headline": "Sharp prices and a fast self-service portal",
        "description": (
            "Fabrikam competes on price: the widest Microsoft 365 margins in the market and a portal that "
            "provisions in seconds. Help beyond the portal is mostly digital, and events are few."
        ),
        "headquarters": "Dublin, Ireland",
        "regions": ["Ireland", "UK", "Benelux"],
        "products": ["Azure", "Microsoft 365", "Power Platform"],
        "programmes": ["CSP indirect", "Marketplace"],
        "margin_points": "11",
        "enablement_days": 2,
        "support_hours": 24,
        "quality": {"relationships": 0.42, "community": 0.35, "realism": 0.70, "mindset": 0.46},
    },
    {
        "slug": "litware",
        "name": "Litware Distribution",
        "headline": "Dynamics 365 and Power Platform specialists",
        "description": (
            "Litware grew out of a business applications consultancy and still thinks like one: its architects "
            "join partners on customer workshops. It publishes its partners' results openly and expects the "
            "same candour back."
        ),
        "headquarters": "Munich, Germany",
        "regions": ["DACH", "Benelux"],
        "products": ["Dynamics 365", "Power Platform", "Azure"],
        "programmes": ["CSP indirect", "Marketplace"],
        "margin_points": "7",
        "enablement_days": 15,
        "support_hours": 8,
        "quality": {"relationships": 0.70, "community": 0.60, "realism": 0.58, "mindset": 0.80},
    },
    {
        "slug": "adventure-works",
        "name": "Adventure Works Cloud",
        "headline": "Security-first cloud distribution",
        "description": (
            "Adventure Works built its distribution business around Microsoft security: Defender, Sentinel and "
            "Entra deployments with a round-the-clock technical desk. Its community is young but growing."
        ),
        "headquarters": "Amsterdam, Netherlands",
        "regions": ["Benelux", "France", "DACH"],
        "products": ["Azure", "Security", "Microsoft 365"],
        "programmes": ["CSP indirect", "Azure Expert MSP support"],
        "margin_points": "6",
        "enablement_days": 10,
        "support_hours": 2,
        "quality": {"relationships": 0.66, "community": 0.50, "realism": 0.56, "mindset": 0.62},
    },
    {
        "slug": "proseware",
        "name": "Proseware Distribution",
        "headline": "Broadline distribution with a cloud desk",
        "description": (
            "Proseware distributes hardware and software across southern Europe and added a cloud desk for CSP. "
            "Ordering is simple and the margins are decent; partners say the cloud team is stretched."
        ),
        "headquarters": "Madrid, Spain",
        "regions": ["Iberia", "France"],
        "products": ["Microsoft 365", "Azure"],
        "programmes": ["CSP indirect", "NCE migration help"],
        "margin_points": "10",
        "enablement_days": 3,
        "support_hours": 12,
        "quality": {"relationships": 0.40, "community": 0.30, "realism": 0.52, "mindset": 0.36},
    },
    {
        "slug": "wingtip",
        "name": "Wingtip Cloud Services",
        "headline": "A partner community first, a distributor second",
        "description": (
            "Wingtip runs the busiest partner community in the Nordics, with monthly round tables that partners "
            "help to plan. It asks for firm commitments and gives generous enablement in return, at thinner margins."
        ),
        "headquarters": "Stockholm, Sweden",
        "regions": ["Nordics", "UK"],
        "products": ["Microsoft 365", "Azure", "Security", "Power Platform"],
        "programmes": ["CSP indirect", "Marketplace", "NCE migration help"],
        "margin_points": "5",
        "enablement_days": 20,
        "support_hours": 4,
        "quality": {"relationships": 0.82, "community": 0.88, "realism": 0.46, "mindset": 0.85},
    },
    {
        "slug": "woodgrove",
        "name": "Woodgrove Distribution",
        "headline": "Azure consumption growth for managed service providers",
        "description": (
            "Woodgrove helps managed service providers grow Azure consumption: landing-zone blueprints, cost "
            "reviews and co-funded migrations. Strong on Azure, lighter on Microsoft 365 and community."
        ),
        "headquarters": "Manchester, UK",
        "regions": ["UK", "Ireland"],
        "products": ["Azure", "Security"],
        "programmes": ["CSP indirect", "Azure Expert MSP support", "Marketplace"],
        "margin_points": "9",
        "enablement_days": 8,
        "support_hours": 6,
        "quality": {"relationships": 0.60, "community": 0.52, "realism": 0.66, "mindset": 0.58},
    },
]

# --- Resellers: `bias` is how generous (+) or harsh (-) they are when scoring providers;
# `readiness` is the true quality of their own readiness, per area.

RESELLERS = [
    {
        "slug": "contoso",
        "name": "Contoso IT",
        "description": "A managed service provider for accountancy and law firms in the Midlands, strong on Microsoft 365 and moving customers to Azure.",
        "regions": ["UK"],
        "monthly_spend": "42000",
        "seat_count": 3800,
        "bias": 0.0,
        "readiness": {"relationships": 0.64, "community": 0.52, "realism": 0.66, "mindset": 0.58},
    },
    {
        "slug": "tailspin",
        "name": "Tailspin Technologies",
        "description": "A fast-growing Microsoft 365 and security reseller serving schools and charities across the UK and Ireland.",
        "regions": ["UK", "Ireland"],
        "monthly_spend": "68000",
        "seat_count": 5200,
        "bias": -0.05,
        "readiness": {"relationships": 0.55, "community": 0.70, "realism": 0.48, "mindset": 0.62},
    },
    {
        "slug": "alpine-ski",
        "name": "Alpine Ski IT",
        "description": "A small team looking after hospitality and tourism businesses in the Alps, mostly on Microsoft 365.",
        "regions": ["DACH"],
        "monthly_spend": "15000",
        "seat_count": 900,
        "bias": 0.04,
        "readiness": {"relationships": 0.46, "community": 0.60, "realism": 0.72, "mindset": 0.66},
    },
    {
        "slug": "coho",
        "name": "Coho Systems",
        "description": "An Azure infrastructure partner for Nordic manufacturers, with a growing managed security practice.",
        "regions": ["Nordics"],
        "monthly_spend": "27000",
        "seat_count": 2100,
        "bias": -0.02,
        "readiness": {"relationships": 0.70, "community": 0.44, "realism": 0.60, "mindset": 0.72},
    },
    {
        "slug": "lucerne",
        "name": "Lucerne Consulting",
        "description": "A Dynamics 365 and Power Platform consultancy for mid-sized firms in Switzerland and southern Germany.",
        "regions": ["DACH"],
        "monthly_spend": "54000",
        "seat_count": 4100,
        "bias": 0.03,
        "readiness": {"relationships": 0.76, "community": 0.66, "realism": 0.58, "mindset": 0.80},
    },
    {
        "slug": "margies",
        "name": "Margie's IT",
        "description": "A family-run IT support business for retailers in the north of England, selling Microsoft 365 alongside hardware.",
        "regions": ["UK"],
        "monthly_spend": "18000",
        "seat_count": 1200,
        "bias": 0.06,
        "readiness": {"relationships": 0.38, "community": 0.40, "realism": 0.44, "mindset": 0.42},
    },
    {
        "slug": "trey-research",
        "name": "Trey Research Partners",
        "description": "A data and analytics partner in the Benelux, building on Azure and Power Platform for research organisations.",
        "regions": ["Benelux"],
        "monthly_spend": "88000",
        "seat_count": 6400,
        "bias": -0.06,
        "readiness": {"relationships": 0.68, "community": 0.56, "realism": 0.64, "mindset": 0.70},
    },
    {
        "slug": "wide-world",
        "name": "Wide World IT",
        "description": "A multi-country managed service provider for logistics companies in France and Iberia.",
        "regions": ["France", "Iberia"],
        "monthly_spend": "120000",
        "seat_count": 9800,
        "bias": 0.0,
        "readiness": {"relationships": 0.74, "community": 0.48, "realism": 0.70, "mindset": 0.60},
    },
    {
        "slug": "relecloud",
        "name": "Relecloud Partners",
        "description": "A cloud-native partner in the Nordics helping software companies run and sell on Azure and the Marketplace.",
        "regions": ["Nordics"],
        "monthly_spend": "36000",
        "seat_count": 2600,
        "bias": 0.02,
        "readiness": {"relationships": 0.60, "community": 0.74, "realism": 0.54, "mindset": 0.76},
    },
]

# --- People: (username, first name, last name, organisation slug or None, role). The first member
# listed for an organisation acts for it in the demo history. `admin` is the portal's staff.

DEMO_USERNAMES = ["reseller", "viewer", "reseller2", "provider", "admin"]

USERS = [
    ("reseller", "Rachel", "Reed", "contoso", "member"),
    ("viewer", "Victor", "Vale", "contoso", "viewer"),
    ("reseller2", "Riley", "Stone", "tailspin", "member"),
    ("provider", "Priya", "Nair", "northwind", "member"),
    ("admin", "Adaeze", "Okafor", None, None),
    ("contoso.alice", "Alice", "Ward", "contoso", "member"),
    ("tailspin.tom", "Tom", "Byrne", "tailspin", "member"),
    ("alpine-ski.anna", "Anna", "Huber", "alpine-ski", "member"),
    ("coho.oskar", "Oskar", "Lind", "coho", "member"),
    ("lucerne.lena", "Lena", "Meier", "lucerne", "member"),
    ("margies.margie", "Margie", "Travers", "margies", "member"),
    ("trey-research.tariq", "Tariq", "Jansen", "trey-research", "member"),
    ("wide-world.ines", "Inès", "Moreau", "wide-world", "member"),
    ("relecloud.rosa", "Rosa", "Nyberg", "relecloud", "member"),
    ("northwind.nadia", "Nadia", "Kerr", "northwind", "member"),
    ("fabrikam.fergal", "Fergal", "Doyle", "fabrikam", "member"),
    ("litware.lukas", "Lukas", "Brandt", "litware", "member"),
    ("adventure-works.ada", "Ada", "de Vries", "adventure-works", "member"),
    ("proseware.pablo", "Pablo", "Serrano", "proseware", "member"),
    ("wingtip.wilma", "Wilma", "Berg", "wingtip", "member"),
    ("woodgrove.will", "Will", "Ashworth", "woodgrove", "member"),
]

# --- Scorecards: (reseller, provider, status, shared with the provider, months ago).
# Drafts are partly answered; a reseller's second scorecard of a provider continues its first.

SCORECARDS = [
    ("contoso", "northwind", "submitted", False, 7),
    ("contoso", "northwind", "submitted", True, 1),
    ("contoso", "fabrikam", "submitted", False, 2),
    ("contoso", "litware", "draft", False, 0),
    ("contoso", "wingtip", "draft", False, 0),
    ("tailspin", "northwind", "submitted", True, 1),
    ("tailspin", "adventure-works", "submitted", False, 3),
    ("tailspin", "fabrikam", "draft", False, 0),
    ("alpine-ski", "northwind", "submitted", False, 2),
    ("alpine-ski", "fabrikam", "submitted", False, 4),
    ("alpine-ski", "woodgrove", "submitted", False, 5),
    ("alpine-ski", "adventure-works", "draft", False, 0),
    ("coho", "northwind", "submitted", True, 3),
    ("coho", "litware", "submitted", False, 2),
    ("coho", "proseware", "draft", False, 0),
    ("lucerne", "northwind", "submitted", False, 1),
    ("lucerne", "litware", "submitted", True, 1),
    ("lucerne", "wingtip", "submitted", False, 6),
    ("margies", "proseware", "submitted", True, 2),
    ("margies", "litware", "submitted", False, 4),
    ("margies", "northwind", "draft", False, 0),
    ("trey-research", "fabrikam", "submitted", False, 3),
    ("trey-research", "adventure-works", "submitted", True, 2),
    ("trey-research", "wingtip", "draft", False, 0),
    ("wide-world", "fabrikam", "submitted", False, 1),
    ("wide-world", "adventure-works", "submitted", False, 5),
    ("wide-world", "woodgrove", "submitted", False, 2),
    ("wide-world", "litware", "draft", False, 0),
    ("relecloud", "fabrikam", "submitted", True, 2),
    ("relecloud", "litware", "submitted", False, 3),
    ("relecloud", "wingtip", "submitted", False, 4),
]

# Readiness self-assessments: (reseller, status, providers it is shared with, months ago).
READINESS = [
    ("contoso", "submitted", ["northwind"], 2),
    ("tailspin", "submitted", ["northwind", "adventure-works"], 4),
    ("alpine-ski", "submitted", [], 3),
    ("coho", "submitted", ["northwind"], 1),
    ("lucerne", "submitted", ["litware"], 2),
    ("margies", "draft", [], 0),
    ("trey-research", "submitted", [], 5),
    ("wide-world", "submitted", ["woodgrove"], 1),
]

# Comments a few answers carry, by how the answer went.
COMMENTS = {
    "provider_scorecard": {
        "good": [
            "Their pre-sales architect joined two customer workshops this quarter.",
            "Delivered everything in the plan we agreed in January.",
            "Our partner manager knew the customer's renewal dates before we did.",
            "The round table in spring led straight to a joint bid with another partner.",
            "Reference call with one of their partners was frank and useful.",
        ],
        "poor": [
            "Promised at the kick-off, not seen since.",
            "Three different answers from three different people.",
            "Tickets sit for days before anyone technical looks at them.",
            "We raised this at two events; nothing has changed.",
            "Only ever want to talk about volume and price.",
        ],
    },
    "reseller_readiness": {
        "good": [
            "Reviewed with the board in our quarterly planning.",
            "Two engineers passed their exams last month.",
            "We presented at the last round table and had follow-ups from three partners.",
            "Case study with a customer went live in the spring.",
        ],
        "poor": [
            "Honestly, nobody owns this yet.",
            "We keep meaning to write the case studies up.",
            "We tend to send whoever is free, and they mostly listen.",
            "Targets slipped when our lead engineer left.",
        ],
    },
}

# --- Commitments: the two-way ledger. `path` is the statuses it went through; `side` "reseller"
# means the reseller commits (proposed by the reseller, reviewed by the provider), "provider"
# means the provider offers (proposed by the provider, reviewed by the reseller). `period` is
# the previous, current or next quarter; `progress` the actuals recorded against accepted ones.

COMMITMENTS = [
    {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "seat_adds",
        "target": "400",
        "unit": "seats",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Seat adds across our accountancy and law customers this quarter.",
        "progress": ["120", "95"],
    },
    {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "azure_consumed",
        "target": "75000",
        "unit": "GBP",
        "period": "current",
        "path": ["proposed"],
        "note": "Azure consumed revenue across our managed customers this quarter, in return for two places on the landing-zone bootcamp.",
    },
    {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "certifications",
        "target": "4",
        "unit": "people",
        "period": "next",
        "path": ["proposed"],
        "note": "Four more engineers certified on Azure administration or Microsoft 365 by the end of next quarter.",
    },
    {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "provider",
        "kpi": "enablement_days",
        "target": "10",
        "unit": "days",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Ten enablement days for Contoso's engineers: Azure landing zones and Defender for Business.",
        "progress": ["3", "2"],
    },
    {
        "reseller": "contoso",
        "provider": "northwind",
        "side": "provider",
        "kpi": "named_contact",
        "target": "1",
        "unit": "contact",
        "period": "previous",
        "path": ["proposed", "accepted"],
        "note": "A named partner manager with a monthly review call.",
        "progress": ["1"],
    },
    {
        "reseller": "contoso",
        "provider": "fabrikam",
        "side": "reseller",
        "kpi": "events",
        "target": "2",
        "unit": "events",
        "period": "current",
        "path": ["proposed", "countered"],
        "note": "We will attend two partner round tables this quarter.",
        "counter": "4",
        "review_note": "We run one a month; could you join four, and present at one?",
    },
    {
        "reseller": "contoso",
        "provider": "fabrikam",
        "side": "reseller",
        "kpi": "m365_seats",
        "target": "2000",
        "unit": "seats",
        "period": "previous",
        "path": ["proposed", "declined"],
        "note": "Microsoft 365 seats under management by the end of the quarter, for co-funded marketing.",
        "review_note": "Co-funded marketing starts at 3,000 seats; happy to look again next year.",
    },
    {
        "reseller": "tailspin",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "net_customer_adds",
        "target": "12",
        "unit": "customers",
        "period": "current",
        "path": ["proposed"],
        "note": "Twelve new school and charity customers this quarter.",
    },
    {
        "reseller": "tailspin",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "m365_seats",
        "target": "1500",
        "unit": "seats",
        "period": "previous",
        "path": ["proposed", "accepted"],
        "note": "Microsoft 365 seats added through the academic programme.",
        "progress": ["800", "650"],
    },
    {
        "reseller": "tailspin",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "azure_consumed",
        "target": "30000",
        "unit": "GBP",
        "period": "previous",
        "path": ["proposed", "withdrawn"],
        "note": "Azure consumed revenue from the trust-wide migration.",
        "review_note": "Withdrawn: the customer moved the migration to next year.",
    },
    {
        "reseller": "tailspin",
        "provider": "adventure-works",
        "side": "reseller",
        "kpi": "seat_adds",
        "target": "250",
        "unit": "seats",
        "period": "current",
        "path": ["proposed", "countered", "accepted"],
        "note": "Defender and Entra seat adds this quarter.",
        "counter": "300",
        "review_note": "300 would unlock the second security bootcamp; can you stretch?",
        "progress": ["140"],
    },
    {
        "reseller": "tailspin",
        "provider": "adventure-works",
        "side": "provider",
        "kpi": "support_response",
        "target": "4",
        "unit": "hours",
        "period": "current",
        "path": ["proposed"],
        "note": "Four working hours to a technical response on security incidents.",
    },
    {
        "reseller": "alpine-ski",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "events",
        "target": "2",
        "unit": "events",
        "period": "previous",
        "path": ["proposed", "accepted"],
        "note": "Attend two partner round tables.",
        "progress": ["1", "1", "1"],
    },
    {
        "reseller": "coho",
        "provider": "northwind",
        "side": "reseller",
        "kpi": "case_studies",
        "target": "2",
        "unit": "case studies",
        "period": "current",
        "path": ["proposed"],
        "note": "Two joint case studies on manufacturing customers moved to Azure.",
    },
    {
        "reseller": "coho",
        "provider": "fabrikam",
        "side": "provider",
        "kpi": "marketing_funds",
        "target": "5000",
        "unit": "GBP",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Co-funded campaign for Coho's managed security launch.",
        "progress": ["2500"],
    },
    {
        "reseller": "lucerne",
        "provider": "litware",
        "side": "reseller",
        "kpi": "custom",
        "custom_kpi": "Joint Power Platform webinars",
        "target": "3",
        "unit": "webinars",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Three joint webinars for manufacturing customers.",
        "progress": ["1"],
    },
    {
        "reseller": "lucerne",
        "provider": "wingtip",
        "side": "provider",
        "kpi": "margin_points",
        "target": "6",
        "unit": "points",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Six points on Microsoft 365 in exchange for the annual commitment.",
        "progress": ["6"],
    },
    {
        "reseller": "wide-world",
        "provider": "woodgrove",
        "side": "reseller",
        "kpi": "certifications",
        "target": "6",
        "unit": "people",
        "period": "current",
        "path": ["proposed", "declined"],
        "note": "Six engineers certified on Azure in return for exam vouchers.",
        "review_note": "Our voucher budget is spent this quarter; let's talk again next quarter.",
    },
    {
        "reseller": "relecloud",
        "provider": "fabrikam",
        "side": "reseller",
        "kpi": "seat_adds",
        "target": "600",
        "unit": "seats",
        "period": "previous",
        "path": ["proposed", "withdrawn"],
        "note": "Seat adds from the Marketplace bundle.",
        "review_note": "Withdrawn while we move the bundle to another provider.",
    },
    {
        "reseller": "margies",
        "provider": "proseware",
        "side": "reseller",
        "kpi": "net_customer_adds",
        "target": "5",
        "unit": "customers",
        "period": "current",
        "path": ["proposed", "countered"],
        "note": "Five new retail customers this quarter.",
        "counter": "8",
        "review_note": "Eight would get you the retail starter pack; is that within reach?",
    },
    {
        "reseller": "trey-research",
        "provider": "adventure-works",
        "side": "reseller",
        "kpi": "azure_consumed",
        "target": "120000",
        "unit": "GBP",
        "period": "current",
        "path": ["proposed", "accepted"],
        "note": "Azure consumed revenue from the research data platform this quarter.",
        "progress": ["38000", "41000"],
    },
]
