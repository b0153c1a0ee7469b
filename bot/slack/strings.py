"""Every text the app shows, in German and English."""

from __future__ import annotations

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
        "topic_line": "*{name}* · {count} lessons\n_Ask for example:_ /coach {example}",
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
        "help_pause": "• `{prefix}pause`: stop your lessons for a while",
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
        "your_answer": "You answered: {option}",
        "right": "✅ *Right.* {explanation}",
        "wrong": (
            "❌ *Not quite.* The right answer: _{answer}_\n{explanation}\n"
            "_This question comes back for review in a few days._"
        ),
        "done": "✓ Read. See you next time.",
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
        "stats_title": "How the coaching is used: last {days} days",
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
        "gaps_title": "Questions without a good answer: last {days} days",
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
        "gaps_none": "No open questions in the last {days} days.",
        "gaps_more": "The full list: `coach stats --json` on the server.",
        "my_data_title": "What the coach stores about you",
        "my_data_nothing": "The coach stores nothing about you.",
        "my_data_learners": "*Your enrolment*",
        "my_data_users": "*Your language*",
        "my_data_deliveries": "*Messages sent to you* ({n})",
        "my_data_reviews": "*Quiz questions you answered wrongly* ({n})",
        "my_data_events": "*What you did* ({n} entries)",
        "my_data_questions": "*Your questions* ({n})",
        "my_data_digests": "*Weekly digests sent to you* ({n})",
        "my_data_more": "…and {n} earlier",
        "my_data_footer": (
            "Admins see figures for groups of at least {n} people, never you by name. "
            "Activity is deleted after {days} days. `/coach forget me` erases all of it."
        ),
        "forget_confirm": (
            "*Erase everything the coach stores about you?*\nYour enrolment, the lessons sent "
            "to you, your answers, ratings and questions, and your settings. You will get no "
            "more lessons. This cannot be undone."
        ),
        "forget_yes": "Erase my data",
        "forget_no": "Keep it",
        "forgotten": (
            "Done. Everything the coach stored about you is erased, and you get no more "
            "lessons. `/coach subscribe` starts afresh at any time."
        ),
        "forget_kept": "Nothing was erased.",
        "home_progress": "Your progress",
        "home_progress_text": (
            "*Lessons:* {had} of {total} · *marked read:* {done}\n"
            "*Streak:* {streak}\n*Quiz:* {quiz}"
        ),
        "home_streak": "{n} workdays in a row",
        "home_streak_none": "starts with your next lesson",
        "home_quiz": "{right} of {answered} right first time",
        "home_quiz_none": "no answers yet",
        "home_next": "*Next lesson:* {when}",
        "home_paused": "*Your lessons are paused.*",
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
        "topic_line": "*{name}* · {count} Lektionen\n_Fragen Sie zum Beispiel:_ /coach {example}",
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
        "help_pause": "• `{prefix}pause`: Lektionen eine Weile aussetzen",
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
        "your_answer": "Ihre Antwort: {option}",
        "right": "✅ *Richtig.* {explanation}",
        "wrong": (
            "❌ *Nicht ganz.* Richtig ist: _{answer}_\n{explanation}\n"
            "_Diese Frage kommt in ein paar Tagen zur Wiederholung._"
        ),
        "done": "✓ Gelesen. Bis zum nächsten Mal.",
        "rated": "Danke für Ihre Rückmeldung.",
        "lesson_alt": "Ihre Lektion für heute: {title}",
        "reviews_alt": "Zeit für eine kurze Wiederholung",
        "when": "{day} um {time} Uhr",
        "subscribed": "Sie sind dabei. Ihre erste Lektion kommt {when}.",
        "subscribed_again": "Willkommen zurück. Ihre nächste Lektion kommt {when}.",
        "subscribed_already": "Sie nehmen schon teil. Ihre nächste Lektion kommt {when}.",
        "unsubscribed": (
            "Sie haben den Kurs verlassen. Mit `/coach subscribe` machen Sie dort weiter, "
            "wo Sie aufgehört haben."
        ),
        "not_enrolled": "Sie nehmen noch nicht teil. `/coach subscribe` startet den Kurs.",
        "paused": "Ihre Lektionen pausieren. `/coach resume` setzt sie fort.",
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
        "stats_title": "Wie das Coaching genutzt wird: letzte {days} Tage",
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
        "gaps_title": "Fragen ohne gute Antwort: letzte {days} Tage",
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
        "gaps_none": "Keine offenen Fragen in den letzten {days} Tagen.",
        "gaps_more": "Die ganze Liste: `coach stats --json` auf dem Server.",
        "my_data_title": "Was der Coach über Sie speichert",
        "my_data_nothing": "Der Coach speichert nichts über Sie.",
        "my_data_learners": "*Ihre Teilnahme*",
        "my_data_users": "*Ihre Sprache*",
        "my_data_deliveries": "*Nachrichten an Sie* ({n})",
        "my_data_reviews": "*Quizfragen, die Sie falsch beantwortet haben* ({n})",
        "my_data_events": "*Was Sie getan haben* ({n} Einträge)",
        "my_data_questions": "*Ihre Fragen* ({n})",
        "my_data_digests": "*Wochenberichte an Sie* ({n})",
        "my_data_more": "…und {n} frühere",
        "my_data_footer": (
            "Administratoren sehen Zahlen für Gruppen ab {n} Personen, nie Sie namentlich. "
            "Aktivitäten werden nach {days} Tagen gelöscht. `/coach forget me` löscht alles."
        ),
        "forget_confirm": (
            "*Alles löschen, was der Coach über Sie speichert?*\nIhre Teilnahme, die Lektionen "
            "an Sie, Ihre Antworten, Bewertungen und Fragen und Ihre Einstellungen. Sie erhalten "
            "keine Lektionen mehr. Das lässt sich nicht rückgängig machen."
        ),
        "forget_yes": "Meine Daten löschen",
        "forget_no": "Behalten",
        "forgotten": (
            "Erledigt. Alles, was der Coach über Sie gespeichert hat, ist gelöscht, und Sie "
            "erhalten keine Lektionen mehr. Mit `/coach subscribe` fangen Sie jederzeit neu an."
        ),
        "forget_kept": "Es wurde nichts gelöscht.",
        "home_progress": "Ihr Fortschritt",
        "home_progress_text": (
            "*Lektionen:* {had} von {total} · *als gelesen markiert:* {done}\n"
            "*Serie:* {streak}\n*Quiz:* {quiz}"
        ),
        "home_streak": "{n} Arbeitstage in Folge",
        "home_streak_none": "beginnt mit Ihrer nächsten Lektion",
        "home_quiz": "{right} von {answered} beim ersten Mal richtig",
        "home_quiz_none": "noch keine Antworten",
        "home_next": "*Nächste Lektion:* {when}",
        "home_paused": "*Ihre Lektionen pausieren.*",
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


DAY_NAMES_FULL = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def t(language: str, key: str, **values: object) -> str:
    """Give the interface text `key` in `language`, filled in with `values`."""
    return STRINGS[language][key].format(**values)
