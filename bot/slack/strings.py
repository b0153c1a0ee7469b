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
        "help": (
            "I coach you on leading a company on social media, one short lesson at a time.\n\n"
            "• `/coach QUESTION`: the lesson that answers your question, only you see it\n"
            "• `/coach topics`: what the course covers\n"
            "• `/coach language de` or `en`: the language of my answers\n"
            "• `/coach help`: this help\n\n"
            "Only you see my answers. Your questions are stored so the authors "
            "learn which ones the lessons do not answer yet."
        ),
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
        "help_course": (
            "\n\n*Your daily lesson*\n"
            "• `/coach next`: today's lesson now, if it has not come yet\n"
            "• `/coach time 08:30`: your lesson at another time (your time zone)\n"
            "• `/coach pause` and `/coach resume`: stop and restart your lessons\n"
            "• `/coach subscribe` and `/coach unsubscribe`: join or leave the course\n\n"
            "*Your data*\n"
            "• `/coach my data`: everything the coach stores about you\n"
            "• `/coach forget me`: erase it all and leave the course\n\n"
            "*For admins*: `/coach stats` (how the coaching is used), `/coach gaps` (questions "
            "the lessons do not answer yet), `/coach enroll @name …` and `/coach unenroll @name …`"
        ),
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
        "help": (
            "Ich coache Sie darin, ein Unternehmen in den sozialen Medien zu führen, "
            "eine kurze Lektion nach der anderen.\n\n"
            "• `/coach FRAGE`: die Lektion, die Ihre Frage beantwortet (nur Sie sehen sie)\n"
            "• `/coach topics`: was der Kurs behandelt\n"
            "• `/coach language de` oder `en`: die Sprache meiner Antworten\n"
            "• `/coach help`: diese Hilfe\n\n"
            "Nur Sie sehen meine Antworten. Ihre Fragen werden gespeichert, damit das "
            "Autorenteam sieht, welche die Lektionen noch nicht beantworten."
        ),
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
        "help_course": (
            "\n\n*Ihre tägliche Lektion*\n"
            "• `/coach next`: die heutige Lektion sofort, wenn sie noch nicht da ist\n"
            "• `/coach time 08:30`: Ihre Lektion zu einer anderen Uhrzeit (Ihre Zeitzone)\n"
            "• `/coach pause` und `/coach resume`: Lektionen aussetzen und wieder aufnehmen\n"
            "• `/coach subscribe` und `/coach unsubscribe`: am Kurs teilnehmen oder austreten\n\n"
            "*Ihre Daten*\n"
            "• `/coach my data`: alles, was der Coach über Sie speichert\n"
            "• `/coach forget me`: alles löschen und den Kurs verlassen\n\n"
            "*Für Administratoren*: `/coach stats` (wie das Coaching genutzt wird), `/coach gaps` "
            "(Fragen, die die Lektionen noch nicht beantworten), `/coach enroll @Name …` und "
            "`/coach unenroll @Name …`"
        ),
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
