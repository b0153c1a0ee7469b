"""Every text the app shows, in German and English."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list

STRINGS = {
    "en": {
        "you_asked": "You asked: {question}",
        "truncated": "(your question was long, so I read its first {limit} characters)",
        "takeaway": "*Takeaway:* {text}",
        "try_today": "*Try this today:* {text}",
        "read": "Read the whole lesson",
        "also": "Also: {title}",
        "no_lesson": (
            "No lesson covers that yet. I have noted the question so the authors can write one. "
            "Here is what the course covers:"
        ),
        "topics_title": "What the coaching covers",
        "topic_line": {
            "one": "*{name}* · {n} lesson\n_Ask for example:_ /coach {example}",
            "other": "*{name}* · {n} lessons\n_Ask for example:_ /coach {example}",
        },
        "help_title": "Social Media Coach",
        "help_intro": (
            "I coach you on leading a company on social media, one short lesson at a time."
        ),
        "help_intro_dm": (
            "I coach you on leading a company on social media, one short lesson at a time. "
            "Here you can write me a question, or one of these commands without the slash."
        ),
        "help_section_ask": "*Ask me*",
        "help_section_course": "*Your daily lesson*",
        "help_section_data": "*Your data*",
        "help_section_admin": "*For admins*",
        "help_ask": (
            "• `{prefix}QUESTION`: the lesson that answers your question. You can also write "
            "me a direct message, or mention me in a channel to answer there in a thread."
        ),
        "help_ask_dm": (
            "• Write me your question, in your own words: I answer with the lesson that fits."
        ),
        "help_help": "• `{prefix}help`: this help",
        "help_topics": "• `{prefix}topics`: what the course covers",
        "help_next": "• `{prefix}next`: today's lesson now, if it has not come yet",
        "help_time": "• `{prefix}time 08:30`: your lesson at another time (your time zone)",
        "help_pause": (
            "• `{prefix}pause` or `{prefix}pause until 2026-12-14`: stop your lessons for a "
            "while, or until a day"
        ),
        "help_resume": "• `{prefix}resume`: start them again",
        "help_language": "• `{prefix}language de` or `en`: the language of my answers",
        "help_subscribe": "• `{prefix}subscribe`: join the course",
        "help_unsubscribe": "• `{prefix}unsubscribe`: leave the course",
        "help_my_data": "• `{prefix}my data`: everything the coach stores about you",
        "help_forget_me": "• `{prefix}forget me`: erase it all and leave the course",
        "help_stats": "• `{prefix}stats` or `{prefix}stats 90`: how the coaching is used",
        "help_gaps": (
            "• `{prefix}gaps`: questions the lessons do not answer yet, and teaching me the "
            "lesson that does"
        ),
        "help_digest": "• `{prefix}digest`: this week's Monday digest now",
        "digest_preview": (
            "_Shown to you now, not sent. Admins get the digest every Monday at 09:00 their time._"
        ),
        "help_enroll": "• `{prefix}enroll @name …`: enrol people in the course",
        "help_unenroll": "• `{prefix}unenroll @name …`: take people out of the course",
        "help_privacy": (
            "_Your questions are stored so the authors learn which ones the lessons do not "
            "answer yet. Admins see figures for groups, never you by name._"
        ),
        "not_in_channel": (
            "`{command}` is about you, so I answer it only in our direct messages: open "
            "*Social Media Coach* under Apps and write `{command}` there."
        ),
        "days_usage": (
            "Give a number of days from 1 to {most}, for example `{command} 30`, or nothing "
            "for the last 30 days."
        ),
        "maybe": "I'm not sure which lesson you mean. Did you mean one of these?",
        "mention_hint": (
            "Ask me a question about social media at work, for example: _How do we apologise "
            "in public?_ `help` lists what else I can do."
        ),
        "not_text": "I can only read text. Write me your question in words.",
        "language_set": "From now on I answer in English.",
        "lesson_gone": "That lesson is no longer in the course. Try `/coach topics`.",
        "language_usage": "Choose `de` or `en`, for example `/coach language en`.",
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "quiz": "*Quiz:* {question}",
        "review": "*Review:* {title}",
        "got_it": "Got it",
        "helpful": "Helpful",
        "not_helpful": "Not helpful",
        "your_answer": "You answered {option}",
        "lesson_of": "Lesson {n} of {total} · {topic}",
        "welcome_first_now": "Here is your first lesson.",
        "welcome_first_later": "Your first lesson comes {when}; `/coach next` brings it now.",
        "rated_lesson_helpful": "👍 You found it helpful",
        "rated_lesson_not_helpful": "👎 Noted: not helpful. Thank you, that helps the authors.",
        "right": "✅ *Right.* {explanation}",
        "wrong": (
            "❌ *Not quite.* The right answer: _{answer}_\n{explanation}\n"
            "_This question comes back for review in a few days._"
        ),
        "done": "✓ Marked as read",
        "rated": "Thank you for your feedback.",
        "lesson_alt": "Your lesson for today: {title}",
        "reviews_alt": "Time for a short review",
        "when": "{day} at {time}",
        "subscribed": "You're in. Your first lesson comes {when}.",
        "subscribed_again": "Welcome back. Your next lesson comes {when}.",
        "subscribed_already": "You're already enrolled. Your next lesson comes {when}.",
        "unsubscribed": (
            "You've left the course. `/coach subscribe` brings you back where you left off."
        ),
        "not_enrolled": "You're not enrolled yet. `/coach subscribe` starts the course.",
        "paused": "Your lessons are paused. `/coach resume` starts them again.",
        "paused_until": (
            "Your lessons are paused. They start again by themselves on {day}; "
            "`/coach resume` starts them sooner."
        ),
        "pause_usage": (
            "Give the day your lessons should start again, for example `/coach pause until "
            "{example}`, or just `/coach pause` to pause until you resume."
        ),
        "pause_range": "Give a day after today and within a year, for example `{example}`.",
        "subscribed_welcome": (
            "You're in: I've sent you a welcome in our direct messages. "
            "Your first lesson comes {when}."
        ),
        "not_running": "Your lessons aren't running, so there's nothing to pause.",
        "resumed": "Your lessons are back on. The next one comes {when}.",
        "not_paused": "Your lessons aren't paused.",
        "time_set": "From now on your lesson comes at {time} your time. The next one: {when}.",
        "time_usage": "Give a time of day, for example `/coach time 08:30`.",
        "time_range": "Choose a time between 05:00 and 22:00, for example `/coach time 08:30`.",
        "next_sent": "Today's lesson is on its way to your messages with me.",
        "next_had": "You've had today's lesson. The next one comes {when}.",
        "next_nothing": "You've finished the course, and no review is due today.",
        "next_failed": "I couldn't send your lesson just now. Please try again in a moment.",
        "admins_only": "Only the coaching's admins can do that.",
        "enroll_usage": "Name the people, for example `/coach enroll @name @name`.",
        "enrolled": "Enrolled: {users}",
        "enrolled_already": "Already enrolled: {users}",
        "enroll_declined": "Left the course themselves, so not enrolled again: {users}",
        "enroll_unreachable": (
            "Not people I can send lessons to (bots, deactivated or unknown): {users}"
        ),
        "unenrolled": "Unenrolled: {users}",
        "unenroll_none": "Not enrolled: {users}",
        "it_helped": "👍 That helped",
        "it_did_not": "👎 Didn't help",
        "thanks_helped": "Thank you. Glad it helped.",
        "thanks_not_helped": (
            "Thank you. I've noted that this answer did not help, so the authors can write "
            "a better one."
        ),
        "few": "fewer than {n}",
        "no_figure": "–",
        "stats_title": {
            "one": "How the coaching is used: the last day",
            "other": "How the coaching is used: last {n} days",
        },
        "stats_learners": (
            "*Learners:* {active} active · {paused} paused · {unsubscribed} left · "
            "{inactive} not reachable"
        ),
        "stats_delivered": "Lessons delivered",
        "stats_completed": "Marked read",
        "stats_quiz": "Quiz right first time",
        "stats_helpful": "Rated helpful",
        "stats_asked": "Questions asked",
        "stats_answered": "Answered well",
        "stats_by_topic": "*Lessons marked read, by topic*",
        "stats_hardest": "*Hardest quizzes* (lowest share right first time)",
        "stats_weekly": "*Lessons delivered per week*",
        "stats_footer": (
            "Groups only: a figure with fewer than {n} people behind it is not shown. "
            "`/coach gaps` lists the questions without a good answer."
        ),
        "gaps_title": {
            "one": "Questions without a good answer: the last day",
            "other": "Questions without a good answer: last {n} days",
        },
        "gaps_intro": ("Most asked first, so you know what to write next. Who asked is not shown."),
        "gaps_line": "{count}× {text}",
        "gaps_teach": (
            "Pick the lesson that answers a question, and I answer it with that lesson from now "
            "on, also when it is typed differently."
        ),
        "gaps_pick": "Answer it with…",
        "taught": "✓ From now on “{question}” gets the lesson *{title}*.",
        "untaught": "Undone: “{question}” no longer gets the lesson *{title}*.",
        "teach_undo": "Undo",
        "question_gone": "That question is no longer stored (it was erased or is too old).",
        "gaps_no_lesson": "no lesson",
        "gaps_not_helpful": "answer did not help",
        "gaps_none": {
            "one": "No open questions in the last day.",
            "other": "No open questions in the last {n} days.",
        },
        "gaps_more": "The full list: `coach stats --json` on the server.",
        "my_data_title": "What the coach stores about you",
        "my_data_nothing": "The coach stores nothing about you.",
        "my_data_fingerprint": (
            "The coach stores nothing about you. What remains is a fingerprint of your Slack ID "
            "(a one-way hash, not the ID), so that the course's channel or group does not enrol "
            "you again. `/coach subscribe` removes it."
        ),
        "my_data_course": "*Your course*",
        "my_data_joined": "You joined the course on {date} ({how}).",
        "my_data_how_self": "you signed up yourself",
        "my_data_how_audience": "added as a member of the course's channel or group",
        "my_data_how_admin": "added by an admin",
        "my_data_again": "Taking part again since {date}.",
        "my_data_paused": "Your lessons are paused.",
        "my_data_paused_until": "Your lessons are paused until {date}.",
        "my_data_left": "You have left the course.",
        "my_data_left_admin": "An admin took you out of the course.",
        "my_data_inactive": "I cannot send you messages at the moment (Slack said: {reason}).",
        "my_data_schedule": "Lessons at {time} your time ({zone}), {days}.",
        "my_data_schedule_own": "Lessons at {time} your time (your choice; {zone}), {days}.",
        "my_data_schedule_kept": "Kept should you come back: lessons at {time} ({zone}), {days}.",
        "my_data_not_enrolled": "You are not in the course.",
        "my_data_lang_de": "German",
        "my_data_lang_en": "English",
        "my_data_language_chosen": "Language: {name} (your choice).",
        "my_data_language_both": "Language: {name} (your choice; your Slack language: {locale}).",
        "my_data_language_slack": "Language: {name}, from your Slack settings ({locale}).",
        "my_data_language_default": (
            "Language: {name} (Slack gave no language for you, so the course's)."
        ),
        "my_data_lessons": "*Your lessons*",
        "my_data_had": {
            "one": "You have had {n} lesson, on {date}.",
            "other": "You have had {n} lessons, the last on {date}.",
        },
        "my_data_review_messages": {
            "one": "And {n} message with questions to review.",
            "other": "And {n} messages with questions to review.",
        },
        "my_data_read": "Marked as read: {n}.",
        "my_data_rated": "Rated: {helpful} helpful, {not_helpful} not helpful.",
        "my_data_quoted": "“{text}”",
        "my_data_lesson_gone": "a lesson no longer in the course",
        "my_data_mark_read": "read",
        "my_data_mark_rated_helpful": "rated helpful",
        "my_data_mark_rated_not_helpful": "rated not helpful",
        "my_data_mark_welcome": "with the welcome",
        "my_data_review_message": {
            "one": "review of {n} quiz question: {titles}",
            "other": "review of {n} quiz questions: {titles}",
        },
        "my_data_complete_message": "the message that you have finished the course",
        "my_data_failed": "could not be delivered (Slack said: {error})",
        "my_data_sending": "on its way",
        "my_data_quiz_title": "*Quiz*",
        "my_data_quiz": {
            "one": "You answered {n} quiz question, {right} of them right first time.",
            "other": "You answered {n} quiz questions, {right} right first time.",
        },
        "my_data_review_answers": {
            "one": "In reviews: {n} answer, {right} right.",
            "other": "In reviews: {n} answers, {right} right.",
        },
        "my_data_wrong_title": "Questions you answered wrongly, and when they come back:",
        "my_data_misses": {"one": "wrong once", "other": "wrong {n} times"},
        "my_data_review_due": "{title}: comes back on {date} ({misses})",
        "my_data_review_done": "{title}: answered right in a review ({misses} before)",
        "my_data_questions": {
            "one": "*Your question*",
            "other": "*Your questions* ({n}), newest first",
        },
        "my_data_no_answer": "no lesson yet",
        "my_data_helped": "it helped, you said",
        "my_data_not_helped": "it did not help, you said",
        "my_data_changes": "*Changes to your course*, newest first",
        "my_data_event_subscribed": "you joined the course",
        "my_data_event_subscribed_audience": "enrolled with the course's channel or group",
        "my_data_event_subscribed_admin": "enrolled by an admin",
        "my_data_event_unsubscribed": "you left the course",
        "my_data_event_unsubscribed_admin": "taken out of the course by an admin",
        "my_data_event_paused": "you paused your lessons",
        "my_data_event_paused_until": "you paused your lessons until {date}",
        "my_data_event_resumed": "you resumed your lessons",
        "my_data_event_resumed_by_date": "your lessons started again, as you had set",
        "my_data_event_time_changed": "you moved your lessons to {time}",
        "my_data_event_language_changed": "you chose {name}",
        "my_data_digests": {
            "one": "*Weekly report sent to you:* the week of {weeks}.",
            "other": "*Weekly reports sent to you:* {n}, for the weeks of {weeks}.",
        },
        "my_data_more_weeks": {"one": "{n} earlier week", "other": "{n} earlier weeks"},
        "my_data_other": "*Also stored* (as the database has it)",
        "my_data_more": "…and {n} earlier",
        "my_data_footer": (
            "What you did (lessons read, quiz answers, ratings, questions, changes) is deleted "
            "after {days} days; your enrolment, settings, the lessons sent to you and the "
            "questions due for review are kept until you ask me to forget you. Admins see "
            "figures for groups of at least {n} people, never you by name. "
            "`/coach forget me` erases all of it."
        ),
        "my_data_copy": "Get a copy (JSON)",
        "my_data_copy_comment": (
            "Everything the coach stores about you, as a file you can keep (JSON). "
            "Times are in UTC."
        ),
        "my_data_copy_about": (
            "Everything the Social Media Coach stores about you, table by table, every column "
            "as stored. Times are in UTC; lessons are named by their ID (titles under lessons)."
        ),
        "my_data_copy_sent": "A copy is in your messages with me: {name}",
        "my_data_copy_failed": (
            "I couldn't send the copy just now. Please try again in a moment; if it keeps "
            "failing, an admin may need to reinstall the app so it may send files."
        ),
        "forget_confirm": (
            "*Erase everything the coach stores about you?*\nYour enrolment, the lessons sent "
            "to you, your answers, ratings and questions, and your settings. You will get no "
            "more lessons. This cannot be undone. The messages and files already in your DM "
            "with me stay there; `/coach my data` gives you a copy of your data first."
        ),
        "forget_yes": "Erase my data",
        "forget_no": "Keep it",
        "forgotten": (
            "Done. Everything the coach stored about you is erased, and you get no more "
            "lessons. `/coach subscribe` starts afresh at any time."
        ),
        "forget_kept": "Nothing was erased.",
        "forget_stale": (
            "That click changed nothing: the question was answered already or is more than "
            "{minutes} minutes old. To erase your data, ask again with `/coach forget me`."
        ),
        "home_progress": "Your progress",
        "home_progress_text": (
            "*Lessons:* {had} of {total} · *marked read:* {done}\n"
            "*Streak:* {streak}\n*Quiz:* {quiz}"
        ),
        "home_streak": {"one": "{n} workday", "other": "{n} workdays in a row"},
        "home_streak_none": "starts with your next lesson",
        "home_quiz": "{right} of {answered} right first time",
        "home_quiz_none": "no answers yet",
        "home_next": "*Next lesson:* {when}",
        "home_paused": "*Your lessons are paused.*",
        "home_paused_until": "*Your lessons are paused.* They start again by themselves on {day}.",
        "home_pause_until": "Pause until…",
        "home_complete": "*You've finished the course.* Reviews still come when they are due.",
        "home_not_enrolled": (
            "*You're not in the course.* Join to get a one-minute lesson every workday."
        ),
        "home_inactive": "*I can't send you messages at the moment.* Ask an admin to check.",
        "home_join": "Join the course",
        "home_pause": "Pause my lessons",
        "home_resume": "Resume my lessons",
        "home_time": "Lesson time",
        "home_language": "Language",
        "home_reread": "*Reread your last lessons*",
        "home_read": "Read",
        "home_dashboard": "Dashboard for admins",
        "close": "Close",
        "digest_title": "Your weekly coaching digest",
        "digest_intro": "Last week ({first} to {last}) against the week before.",
        "digest_line": "*{name}:* {now} (week before: {before})",
        "digest_gaps": "*New questions without a good answer*",
        "digest_no_gaps": "No new questions without a good answer.",
        "digest_alt": "Your weekly coaching digest",
        "home_intro": (
            "I coach you on leading a company on social media: why it starts with the boss, "
            "strategy, taking your staff along, open handling of mistakes, the public apology "
            "and the dialogue with customers.\n\nAsk me anything with `/coach QUESTION`."
        ),
    },
    "de": {
        "you_asked": "Ihre Frage: {question}",
        "truncated": "(Ihre Frage war lang; ich habe die ersten {limit} Zeichen gelesen)",
        "takeaway": "*Das Wichtigste:* {text}",
        "try_today": "*Heute ausprobieren:* {text}",
        "read": "Ganze Lektion lesen",
        "also": "Auch: {title}",
        "no_lesson": (
            "Dazu gibt es noch keine Lektion. Ich habe die Frage notiert, damit das Autorenteam "
            "eine schreiben kann. Das behandelt der Kurs:"
        ),
        "topics_title": "Was das Coaching behandelt",
        "topic_line": {
            "one": "*{name}* · {n} Lektion\n_Fragen Sie zum Beispiel:_ /coach {example}",
            "other": "*{name}* · {n} Lektionen\n_Fragen Sie zum Beispiel:_ /coach {example}",
        },
        "help_title": "Social Media Coach",
        "help_intro": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen, "
            "eine kurze Lektion nach der anderen."
        ),
        "help_intro_dm": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen, "
            "eine kurze Lektion nach der anderen. Hier können Sie mir eine Frage schreiben "
            "oder einen dieser Befehle, ohne Schrägstrich."
        ),
        "help_section_ask": "*Fragen Sie mich*",
        "help_section_course": "*Ihre tägliche Lektion*",
        "help_section_data": "*Ihre Daten*",
        "help_section_admin": "*Für Administratoren*",
        "help_ask": (
            "• `{prefix}FRAGE`: die Lektion, die Ihre Frage beantwortet. Sie können mir auch "
            "eine Direktnachricht schreiben oder mich in einem Kanal erwähnen; dann antworte "
            "ich dort im Thread."
        ),
        "help_ask_dm": (
            "• Schreiben Sie mir Ihre Frage in eigenen Worten: Ich antworte mit der passenden "
            "Lektion."
        ),
        "help_help": "• `{prefix}help`: diese Hilfe",
        "help_topics": "• `{prefix}topics`: was der Kurs behandelt",
        "help_next": "• `{prefix}next`: die heutige Lektion sofort, wenn sie noch nicht da ist",
        "help_time": (
            "• `{prefix}time 08:30`: Ihre Lektion zu einer anderen Uhrzeit (Ihre Zeitzone)"
        ),
        "help_pause": (
            "• `{prefix}pause` oder `{prefix}pause bis 14.12.2026`: Lektionen eine Weile "
            "aussetzen, oder bis zu einem Tag"
        ),
        "help_resume": "• `{prefix}resume`: Lektionen wieder aufnehmen",
        "help_language": "• `{prefix}language de` oder `en`: die Sprache meiner Antworten",
        "help_subscribe": "• `{prefix}subscribe`: am Kurs teilnehmen",
        "help_unsubscribe": "• `{prefix}unsubscribe`: aus dem Kurs austreten",
        "help_my_data": "• `{prefix}my data`: alles, was der Coach über Sie speichert",
        "help_forget_me": "• `{prefix}forget me`: alles löschen und den Kurs verlassen",
        "help_stats": ("• `{prefix}stats` oder `{prefix}stats 90`: wie das Coaching genutzt wird"),
        "help_gaps": (
            "• `{prefix}gaps`: Fragen, die die Lektionen noch nicht beantworten, und mir die "
            "passende Lektion beibringen"
        ),
        "help_digest": "• `{prefix}digest`: den Montagsbericht dieser Woche jetzt ansehen",
        "digest_preview": (
            "_Nur Ihnen jetzt gezeigt, nicht verschickt. Administratoren bekommen den Bericht "
            "jeden Montag um 9 Uhr ihrer Ortszeit._"
        ),
        "help_enroll": "• `{prefix}enroll @Name …`: Personen im Kurs anmelden",
        "help_unenroll": "• `{prefix}unenroll @Name …`: Personen vom Kurs abmelden",
        "help_privacy": (
            "_Ihre Fragen werden gespeichert, damit das Autorenteam sieht, welche die Lektionen "
            "noch nicht beantworten. Administratoren sehen Zahlen für Gruppen, nie Sie "
            "namentlich._"
        ),
        "not_in_channel": (
            "`{command}` betrifft Sie persönlich; das beantworte ich nur in unseren "
            "Direktnachrichten. Öffnen Sie *Social Media Coach* unter Apps und schreiben Sie "
            "dort `{command}`."
        ),
        "days_usage": (
            "Nennen Sie eine Zahl von Tagen zwischen 1 und {most}, zum Beispiel `{command} 30`, "
            "oder nichts für die letzten 30 Tage."
        ),
        "maybe": "Ich bin nicht sicher, welche Lektion Sie meinen. Meinten Sie eine dieser?",
        "mention_hint": (
            "Fragen Sie mich etwas zu Social Media im Unternehmen, zum Beispiel: _Wie "
            "entschuldigen wir uns öffentlich?_ `help` zeigt, was ich sonst kann."
        ),
        "not_text": "Ich kann nur Text lesen. Schreiben Sie mir Ihre Frage in Worten.",
        "language_set": "Ab jetzt antworte ich auf Deutsch.",
        "lesson_gone": "Diese Lektion gibt es nicht mehr. Versuchen Sie `/coach topics`.",
        "language_usage": "Wählen Sie `de` oder `en`, zum Beispiel `/coach language de`.",
        "error": (
            "Entschuldigung, bei mir ist etwas schiefgegangen. "
            "Bitte versuchen Sie es gleich noch einmal."
        ),
        "quiz": "*Quiz:* {question}",
        "review": "*Wiederholung:* {title}",
        "got_it": "Verstanden",
        "helpful": "Hilfreich",
        "not_helpful": "Nicht hilfreich",
        "your_answer": "Ihre Antwort {option}",
        "lesson_of": "Lektion {n} von {total} · {topic}",
        "welcome_first_now": "Hier ist Ihre erste Lektion.",
        "welcome_first_later": "Ihre erste Lektion kommt {when}; `/coach next` schickt sie sofort.",
        "rated_lesson_helpful": "👍 Sie fanden sie hilfreich",
        "rated_lesson_not_helpful": (
            "👎 Notiert: nicht hilfreich. Danke, das hilft dem Autorenteam."
        ),
        "right": "✅ *Richtig.* {explanation}",
        "wrong": (
            "❌ *Nicht ganz.* Richtig ist: _{answer}_\n{explanation}\n"
            "_Diese Frage kommt in ein paar Tagen zur Wiederholung._"
        ),
        "done": "✓ Als gelesen markiert",
        "rated": "Danke für Ihre Rückmeldung.",
        "lesson_alt": "Ihre Lektion für heute: {title}",
        "reviews_alt": "Zeit für eine kurze Wiederholung",
        "when": "am {day} um {time} Uhr",
        "subscribed": "Sie sind dabei. Ihre erste Lektion kommt {when}.",
        "subscribed_again": "Willkommen zurück. Ihre nächste Lektion kommt {when}.",
        "subscribed_already": "Sie nehmen schon teil. Ihre nächste Lektion kommt {when}.",
        "unsubscribed": (
            "Sie haben den Kurs verlassen. Mit `/coach subscribe` machen Sie dort weiter, "
            "wo Sie aufgehört haben."
        ),
        "not_enrolled": "Sie nehmen noch nicht teil. `/coach subscribe` startet den Kurs.",
        "paused": "Ihre Lektionen pausieren. `/coach resume` setzt sie fort.",
        "paused_until": (
            "Ihre Lektionen pausieren. Sie beginnen am {day} von selbst wieder; "
            "mit `/coach resume` schon früher."
        ),
        "pause_usage": (
            "Nennen Sie den Tag, an dem Ihre Lektionen wieder beginnen sollen, zum Beispiel "
            "`/coach pause bis {example}`, oder nur `/coach pause`, um bis zum Fortsetzen "
            "zu pausieren."
        ),
        "pause_range": (
            "Nennen Sie einen Tag nach heute und innerhalb eines Jahres, zum Beispiel `{example}`."
        ),
        "subscribed_welcome": (
            "Sie sind dabei: Ich habe Ihnen eine Begrüßung in unsere Direktnachrichten geschickt. "
            "Ihre erste Lektion kommt {when}."
        ),
        "not_running": "Ihre Lektionen laufen gerade nicht; es gibt nichts zu pausieren.",
        "resumed": "Ihre Lektionen laufen wieder. Die nächste kommt {when}.",
        "not_paused": "Ihre Lektionen pausieren nicht.",
        "time_set": (
            "Ab jetzt kommt Ihre Lektion um {time} Uhr Ihrer Ortszeit. Die nächste: {when}."
        ),
        "time_usage": "Nennen Sie eine Uhrzeit, zum Beispiel `/coach time 08:30`.",
        "time_range": (
            "Wählen Sie eine Uhrzeit zwischen 05:00 und 22:00, zum Beispiel `/coach time 08:30`."
        ),
        "next_sent": "Die heutige Lektion ist unterwegs in Ihre Nachrichten mit mir.",
        "next_had": "Die heutige Lektion haben Sie schon. Die nächste kommt {when}.",
        "next_nothing": "Sie haben den Kurs abgeschlossen, und heute steht keine Wiederholung an.",
        "next_failed": (
            "Ich konnte Ihre Lektion gerade nicht senden. "
            "Bitte versuchen Sie es gleich noch einmal."
        ),
        "admins_only": "Das können nur die Administratoren des Coachings.",
        "enroll_usage": "Nennen Sie die Personen, zum Beispiel `/coach enroll @Name @Name`.",
        "enrolled": "Angemeldet: {users}",
        "enrolled_already": "Schon angemeldet: {users}",
        "enroll_declined": "Selbst ausgetreten, daher nicht wieder angemeldet: {users}",
        "enroll_unreachable": (
            "Keine Personen, denen ich Lektionen schicken kann (Bots, deaktiviert, unbekannt): "
            "{users}"
        ),
        "unenrolled": "Abgemeldet: {users}",
        "unenroll_none": "Nicht angemeldet: {users}",
        "it_helped": "👍 Hat geholfen",
        "it_did_not": "👎 Hat nicht geholfen",
        "thanks_helped": "Danke. Schön, dass es geholfen hat.",
        "thanks_not_helped": (
            "Danke. Ich habe notiert, dass diese Antwort nicht geholfen hat, damit das "
            "Autorenteam eine bessere schreiben kann."
        ),
        "few": "weniger als {n}",
        "no_figure": "–",
        "stats_title": {
            "one": "Wie das Coaching genutzt wird: der letzte Tag",
            "other": "Wie das Coaching genutzt wird: letzte {n} Tage",
        },
        "stats_learners": (
            "*Teilnehmende:* {active} aktiv · {paused} pausiert · {unsubscribed} ausgetreten · "
            "{inactive} nicht erreichbar"
        ),
        "stats_delivered": "Lektionen zugestellt",
        "stats_completed": "Als gelesen markiert",
        "stats_quiz": "Quiz beim ersten Mal richtig",
        "stats_helpful": "Als hilfreich bewertet",
        "stats_asked": "Gestellte Fragen",
        "stats_answered": "Gut beantwortet",
        "stats_by_topic": "*Als gelesen markierte Lektionen, nach Thema*",
        "stats_hardest": "*Schwierigste Quizfragen* (am seltensten beim ersten Mal richtig)",
        "stats_weekly": "*Zugestellte Lektionen pro Woche*",
        "stats_footer": (
            "Nur Gruppen: Eine Zahl, hinter der weniger als {n} Personen stehen, wird nicht "
            "gezeigt. `/coach gaps` listet die Fragen ohne gute Antwort."
        ),
        "gaps_title": {
            "one": "Fragen ohne gute Antwort: der letzte Tag",
            "other": "Fragen ohne gute Antwort: letzte {n} Tage",
        },
        "gaps_intro": (
            "Die häufigsten zuerst, damit Sie wissen, was als Nächstes zu schreiben ist. "
            "Wer gefragt hat, wird nicht gezeigt."
        ),
        "gaps_line": "{count}× {text}",
        "gaps_teach": (
            "Wählen Sie die Lektion, die eine Frage beantwortet; dann antworte ich ab jetzt mit "
            "dieser Lektion, auch wenn die Frage anders geschrieben ist."
        ),
        "gaps_pick": "Beantworten mit…",
        "taught": "✓ Ab jetzt bekommt „{question}“ die Lektion *{title}*.",
        "untaught": "Rückgängig: „{question}“ bekommt die Lektion *{title}* nicht mehr.",
        "teach_undo": "Rückgängig",
        "question_gone": (
            "Diese Frage ist nicht mehr gespeichert (sie wurde gelöscht oder ist zu alt)."
        ),
        "gaps_no_lesson": "keine Lektion",
        "gaps_not_helpful": "Antwort half nicht",
        "gaps_none": {
            "one": "Keine offenen Fragen am letzten Tag.",
            "other": "Keine offenen Fragen in den letzten {n} Tagen.",
        },
        "gaps_more": "Die ganze Liste: `coach stats --json` auf dem Server.",
        "my_data_title": "Was der Coach über Sie speichert",
        "my_data_nothing": "Der Coach speichert nichts über Sie.",
        "my_data_fingerprint": (
            "Der Coach speichert nichts über Sie. Was bleibt, ist ein Fingerabdruck Ihrer "
            "Slack-ID (ein Einweg-Hash, nicht die ID), damit der Kanal oder die Gruppe des "
            "Kurses Sie nicht wieder anmeldet. `/coach subscribe` entfernt ihn."
        ),
        "my_data_course": "*Ihr Kurs*",
        "my_data_joined": "Sie sind dem Kurs am {date} beigetreten ({how}).",
        "my_data_how_self": "Sie haben sich selbst angemeldet",
        "my_data_how_audience": "als Mitglied des Kanals oder der Gruppe des Kurses",
        "my_data_how_admin": "von einem Administrator angemeldet",
        "my_data_again": "Wieder dabei seit dem {date}.",
        "my_data_paused": "Ihre Lektionen pausieren.",
        "my_data_paused_until": "Ihre Lektionen pausieren bis zum {date}.",
        "my_data_left": "Sie haben den Kurs verlassen.",
        "my_data_left_admin": "Ein Administrator hat Sie vom Kurs abgemeldet.",
        "my_data_inactive": (
            "Ich kann Ihnen gerade keine Nachrichten schicken (Slack meldete: {reason})."
        ),
        "my_data_schedule": "Lektionen um {time} Uhr Ihrer Ortszeit ({zone}), {days}.",
        "my_data_schedule_own": (
            "Lektionen um {time} Uhr Ihrer Ortszeit (von Ihnen gewählt; {zone}), {days}."
        ),
        "my_data_schedule_kept": (
            "Aufbewahrt, falls Sie zurückkommen: Lektionen um {time} Uhr ({zone}), {days}."
        ),
        "my_data_not_enrolled": "Sie nehmen nicht am Kurs teil.",
        "my_data_lang_de": "Deutsch",
        "my_data_lang_en": "Englisch",
        "my_data_language_chosen": "Sprache: {name} (von Ihnen gewählt).",
        "my_data_language_both": (
            "Sprache: {name} (von Ihnen gewählt; Ihre Slack-Sprache: {locale})."
        ),
        "my_data_language_slack": "Sprache: {name}, aus Ihren Slack-Einstellungen ({locale}).",
        "my_data_language_default": (
            "Sprache: {name} (Slack nannte keine Sprache für Sie, daher die des Kurses)."
        ),
        "my_data_lessons": "*Ihre Lektionen*",
        "my_data_had": {
            "one": "Sie haben {n} Lektion erhalten, am {date}.",
            "other": "Sie haben {n} Lektionen erhalten, die letzte am {date}.",
        },
        "my_data_review_messages": {
            "one": "Dazu {n} Nachricht mit Fragen zur Wiederholung.",
            "other": "Dazu {n} Nachrichten mit Fragen zur Wiederholung.",
        },
        "my_data_read": "Als gelesen markiert: {n}.",
        "my_data_rated": "Bewertet: {helpful} hilfreich, {not_helpful} nicht hilfreich.",
        "my_data_quoted": "„{text}“",
        "my_data_lesson_gone": "eine Lektion, die es nicht mehr gibt",
        "my_data_mark_read": "gelesen",
        "my_data_mark_rated_helpful": "als hilfreich bewertet",
        "my_data_mark_rated_not_helpful": "als nicht hilfreich bewertet",
        "my_data_mark_welcome": "mit der Begrüßung",
        "my_data_review_message": {
            "one": "Wiederholung von {n} Quizfrage: {titles}",
            "other": "Wiederholung von {n} Quizfragen: {titles}",
        },
        "my_data_complete_message": "die Nachricht, dass Sie den Kurs abgeschlossen haben",
        "my_data_failed": "konnte nicht zugestellt werden (Slack meldete: {error})",
        "my_data_sending": "unterwegs",
        "my_data_quiz_title": "*Quiz*",
        "my_data_quiz": {
            "one": "Sie haben {n} Quizfrage beantwortet, davon {right} beim ersten Mal richtig.",
            "other": "Sie haben {n} Quizfragen beantwortet, davon {right} beim ersten Mal richtig.",
        },
        "my_data_review_answers": {
            "one": "In Wiederholungen: {n} Antwort, davon {right} richtig.",
            "other": "In Wiederholungen: {n} Antworten, davon {right} richtig.",
        },
        "my_data_wrong_title": "Falsch beantwortete Fragen und wann sie wiederkommen:",
        "my_data_misses": {"one": "einmal falsch", "other": "{n}-mal falsch"},
        "my_data_review_due": "{title}: kommt am {date} wieder ({misses})",
        "my_data_review_done": (
            "{title}: in einer Wiederholung richtig beantwortet (vorher {misses})"
        ),
        "my_data_questions": {
            "one": "*Ihre Frage*",
            "other": "*Ihre Fragen* ({n}), die neuesten zuerst",
        },
        "my_data_no_answer": "noch keine Lektion",
        "my_data_helped": "hat laut Ihnen geholfen",
        "my_data_not_helped": "hat laut Ihnen nicht geholfen",
        "my_data_changes": "*Änderungen an Ihrem Kurs*, die neuesten zuerst",
        "my_data_event_subscribed": "Sie sind dem Kurs beigetreten",
        "my_data_event_subscribed_audience": "über den Kanal oder die Gruppe des Kurses angemeldet",
        "my_data_event_subscribed_admin": "von einem Administrator angemeldet",
        "my_data_event_unsubscribed": "Sie haben den Kurs verlassen",
        "my_data_event_unsubscribed_admin": "von einem Administrator abgemeldet",
        "my_data_event_paused": "Sie haben Ihre Lektionen pausiert",
        "my_data_event_paused_until": "Sie haben Ihre Lektionen bis zum {date} pausiert",
        "my_data_event_resumed": "Sie haben Ihre Lektionen fortgesetzt",
        "my_data_event_resumed_by_date": "Ihre Lektionen haben wie eingestellt wieder begonnen",
        "my_data_event_time_changed": "Sie haben Ihre Lektionen auf {time} Uhr gelegt",
        "my_data_event_language_changed": "Sie haben {name} gewählt",
        "my_data_digests": {
            "one": "*Wochenbericht an Sie:* die Woche vom {weeks}.",
            "other": "*Wochenberichte an Sie:* {n}, für die Wochen vom {weeks}.",
        },
        "my_data_more_weeks": {"one": "{n} frühere Woche", "other": "{n} frühere Wochen"},
        "my_data_other": "*Außerdem gespeichert* (so, wie es in der Datenbank steht)",
        "my_data_more": "…und {n} frühere",
        "my_data_footer": (
            "Was Sie getan haben (gelesene Lektionen, Quizantworten, Bewertungen, Fragen, "
            "Änderungen), wird nach {days} Tagen gelöscht; Ihre Anmeldung, Einstellungen, die "
            "Lektionen an Sie und die fälligen Wiederholungsfragen bleiben, bis Sie mich bitten, "
            "Sie zu vergessen. Administratoren sehen Zahlen für Gruppen ab {n} Personen, nie Sie "
            "namentlich. `/coach forget me` löscht alles."
        ),
        "my_data_copy": "Kopie als Datei (JSON)",
        "my_data_copy_comment": (
            "Alles, was der Coach über Sie speichert, als Datei zum Aufbewahren (JSON). "
            "Zeiten in UTC."
        ),
        "my_data_copy_about": (
            "Alles, was der Social Media Coach über Sie speichert, Tabelle für Tabelle, jede "
            "Spalte so, wie sie gespeichert ist. Zeiten in UTC; Lektionen stehen mit ihrer ID "
            "(die Titel unter lessons)."
        ),
        "my_data_copy_sent": "Eine Kopie liegt in Ihren Nachrichten mit mir: {name}",
        "my_data_copy_failed": (
            "Ich konnte die Kopie gerade nicht senden. Bitte versuchen Sie es gleich noch einmal; "
            "klappt es weiter nicht, muss ein Administrator die App vielleicht neu installieren, "
            "damit sie Dateien senden darf."
        ),
        "forget_confirm": (
            "*Alles löschen, was der Coach über Sie speichert?*\nIhre Teilnahme, die Lektionen "
            "an Sie, Ihre Antworten, Bewertungen und Fragen und Ihre Einstellungen. Sie erhalten "
            "keine Lektionen mehr. Das lässt sich nicht rückgängig machen. Nachrichten und "
            "Dateien, die schon in unseren Direktnachrichten sind, bleiben dort; mit "
            "`/coach my data` erhalten Sie vorher eine Kopie Ihrer Daten."
        ),
        "forget_yes": "Meine Daten löschen",
        "forget_no": "Behalten",
        "forgotten": (
            "Erledigt. Alles, was der Coach über Sie gespeichert hat, ist gelöscht, und Sie "
            "erhalten keine Lektionen mehr. Mit `/coach subscribe` fangen Sie jederzeit neu an."
        ),
        "forget_kept": "Es wurde nichts gelöscht.",
        "forget_stale": (
            "Dieser Klick hat nichts geändert: Die Frage ist schon beantwortet oder älter als "
            "{minutes} Minuten. Um Ihre Daten zu löschen, fragen Sie erneut mit "
            "`/coach forget me`."
        ),
        "home_progress": "Ihr Fortschritt",
        "home_progress_text": (
            "*Lektionen:* {had} von {total} · *als gelesen markiert:* {done}\n"
            "*Serie:* {streak}\n*Quiz:* {quiz}"
        ),
        "home_streak": {"one": "{n} Arbeitstag", "other": "{n} Arbeitstage in Folge"},
        "home_streak_none": "beginnt mit Ihrer nächsten Lektion",
        "home_quiz": "{right} von {answered} beim ersten Mal richtig",
        "home_quiz_none": "noch keine Antworten",
        "home_next": "*Nächste Lektion:* {when}",
        "home_paused": "*Ihre Lektionen pausieren.*",
        "home_paused_until": "*Ihre Lektionen pausieren.* Sie beginnen am {day} von selbst wieder.",
        "home_pause_until": "Pausieren bis …",
        "home_complete": (
            "*Sie haben den Kurs abgeschlossen.* "
            "Wiederholungen kommen weiter, wenn sie fällig sind."
        ),
        "home_not_enrolled": (
            "*Sie nehmen nicht am Kurs teil.* Machen Sie mit: eine Lektion von einer Minute "
            "an jedem Arbeitstag."
        ),
        "home_inactive": (
            "*Ich kann Ihnen gerade keine Nachrichten schicken.* Bitten Sie einen "
            "Administrator, das zu prüfen."
        ),
        "home_join": "Am Kurs teilnehmen",
        "home_pause": "Lektionen pausieren",
        "home_resume": "Lektionen fortsetzen",
        "home_time": "Uhrzeit der Lektion",
        "home_language": "Sprache",
        "home_reread": "*Ihre letzten Lektionen noch einmal lesen*",
        "home_read": "Lesen",
        "home_dashboard": "Übersicht für Administratoren",
        "close": "Schließen",
        "digest_title": "Ihr wöchentlicher Coaching-Bericht",
        "digest_intro": "Letzte Woche ({first} bis {last}) im Vergleich zur Woche davor.",
        "digest_line": "*{name}:* {now} (Woche davor: {before})",
        "digest_gaps": "*Neue Fragen ohne gute Antwort*",
        "digest_no_gaps": "Keine neuen Fragen ohne gute Antwort.",
        "digest_alt": "Ihr wöchentlicher Coaching-Bericht",
        "home_intro": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen: warum es beim "
            "Chef beginnt, Strategie, die Belegschaft mitnehmen, offener Umgang mit Fehlern, die "
            "öffentliche Entschuldigung und der Dialog mit Kunden.\n\n"
            "Fragen Sie mich jederzeit mit `/coach FRAGE`."
        ),
    },
}


def t(language: str, key: str, **values: object) -> str:
    """Give the interface text `key` in `language`, filled in with `values`.

    A text with plural forms is a dict of CLDR plural categories ("one", "other"); the number
    `n` among the values picks the form, by Babel's plural rules for the language.
    """
    text = STRINGS[language][key]
    if isinstance(text, dict):
        text = text.get(plural_form(language, values["n"]), text["other"])
    return text.format(**values)


def plural_form(language: str, n: object) -> str:
    """Give the CLDR plural category of the number `n` in `language`: "one" or "other"."""
    return _locale(language).plural_form(n)  # type: ignore[arg-type]


def weekday_name(language: str, weekday: int) -> str:
    """Give the name of a weekday (0 is Monday) in `language`: "Dienstag", "Tuesday"."""
    return _locale(language).days["format"]["wide"][weekday]


def and_list(language: str, items: list[str]) -> str:
    """Give `items` as a list in words: "a, b and c" / "a, b und c"."""
    return format_list(items, locale=BABEL_LOCALES[language]) if items else ""


_DATE_PATTERNS = {("en", False): "d MMMM", ("en", True): "d MMMM y",
                  ("de", False): "d. MMMM", ("de", True): "d. MMMM y"}  # fmt: skip


def date_text(language: str, day: date, *, year: bool = False, weekday: bool = False) -> str:
    """Give a date in words: "14 December" / "14. Dezember" (with the year if `year`, after
    the weekday if `weekday`: "Monday, 14 December")."""
    pattern = ("EEEE, " if weekday else "") + _DATE_PATTERNS[language, year]
    return format_date(day, pattern, locale=BABEL_LOCALES[language])


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES[language])


# The English is British (apologise, programme; the command keeps its contract name, enroll):
# its lists have no comma before "and".
BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}
