"""The words of the drafts and the evidence timeline in English, German, French, Italian and Spanish.

Data for ``drafts`` (Japanese keeps its own sentence order there). Every language has every key;
placeholders: ``{name}``, ``{when}``, ``{shipped}``, ``{order_id}``, ``{why}``.
"""

from __future__ import annotations

DRAFT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "default_reason": "I ordered it by mistake.", "no_item": "(item name unknown)", "quote": '"{item}"', "item_sep": "; ",
        "hello_named": "Hello {name},", "hello": "Hello,",
        "intro_shipped_after": "I asked to cancel the order below on {when}, but it was shipped on {shipped}.",
        "intro_shipped": "I understand the order below has shipped; I would like to cancel (return) it.",
        "ask_return": "I will return the item unopened. Please tell me how to send it back and confirm the refund.",
        "ask_refuse": "I will refuse the parcel at delivery. Please refund the order once it is back with you.",
        "intro_pending": "I asked to cancel the order below on {when} and have not heard back yet, so I am writing again.",
        "intro_cancel": "I would like to cancel the order below.",
        "ask_cancel": "If it has not shipped yet, please cancel it. If it has already shipped, please let me know.",
        "order_number": "Order number", "item": "Item", "ordered": "Ordered", "cancel_requested": "Cancellation requested",
        "reason": "Reason", "thanks": "Thank you,",
        "support_hello": "Hello Amazon customer service,", "support_intro": "I need help with order {order_id}.",
        "sold_by": "Sold by", "payment": "Payment", "what_happened": "What happened:", "my_request": "My request:",
        "kept": "I have kept all related emails and can send them if needed.", "marketplace": "{name} (marketplace)",
        "a_seller": "a seller", "unknown": "unknown", "tracking": "tracking ",
        "ask_delivered_anyway": "It was shipped and delivered although I had asked to cancel. Please arrange the return and refund.",
        "ask_shipped_anyway": "It was shipped although I had asked to cancel. I will refuse the parcel; please refund the order "
                              "once it is returned.",
        "ask_refund": "The order {why} on {when}, but I have not received the refund. Please check and process it.",
        "why_cancelled": "was cancelled", "why_returned": "the return was received", "why_refused": "delivery was refused",
        "ask_seller_silent": "I asked the seller to cancel on {when} and got no answer. Please cancel the order or "
                             "contact the seller.",
        "ask_pending": "I asked to cancel on {when}, but the cancellation is still pending. Please check and cancel the order.",
        "ask_status": "Could you please check this order's status?",
        "state": "State", "market": "Market", "items": "Items", "amount": "Amount", "refunded": "Refunded",
        "carrier": "Carrier", "as_of": "As of", "heading": "# Timeline of order {order_id}", "junk": " (junk)",
        "marketplace_word": "marketplace",
        "columns": "Time|Event|Details|Subject|Folder|Authenticity|Message-ID",
    },
    "de": {
        "default_reason": "Ich habe versehentlich bestellt.", "no_item": "(Artikelname unbekannt)", "quote": "„{item}“",
        "item_sep": "; ", "hello_named": "Guten Tag {name},", "hello": "Guten Tag,",
        "intro_shipped_after": "ich habe am {when} um Stornierung der unten genannten Bestellung gebeten, sie wurde aber am "
                               "{shipped} versandt.",
        "intro_shipped": "die unten genannte Bestellung wurde laut Ihrer Mitteilung versandt; ich möchte sie stornieren "
                         "(zurücksenden).",
        "ask_return": "Ich sende den Artikel ungeöffnet zurück. Bitte teilen Sie mir mit, wie, und bestätigen Sie die Erstattung.",
        "ask_refuse": "Ich werde die Annahme des Pakets verweigern. Bitte erstatten Sie den Betrag, sobald es bei Ihnen ist.",
        "intro_pending": "ich habe am {when} um Stornierung der unten genannten Bestellung gebeten und noch keine Antwort "
                         "erhalten, daher schreibe ich erneut.",
        "intro_cancel": "ich möchte die unten genannte Bestellung stornieren.",
        "ask_cancel": "Falls sie noch nicht versandt wurde, stornieren Sie sie bitte. Falls doch, geben Sie mir bitte Bescheid.",
        "order_number": "Bestellnummer", "item": "Artikel", "ordered": "Bestellt am", "cancel_requested": "Stornierung angefragt am",
        "reason": "Grund", "thanks": "Vielen Dank und freundliche Grüße",
        "support_hello": "Sehr geehrtes Amazon-Kundenservice-Team,", "support_intro": "ich brauche Hilfe zu Bestellung {order_id}.",
        "sold_by": "Verkauft von", "payment": "Zahlungsart", "what_happened": "Was geschehen ist:", "my_request": "Meine Bitte:",
        "kept": "Alle zugehörigen E-Mails habe ich aufbewahrt und sende sie bei Bedarf.", "marketplace": "{name} (Marketplace)",
        "a_seller": "ein Verkäufer", "unknown": "unbekannt", "tracking": "Sendungsnummer ",
        "ask_delivered_anyway": "Sie wurde trotz meiner Stornierungsanfrage versandt und zugestellt. Bitte veranlassen Sie "
                                "Rücksendung und Erstattung.",
        "ask_shipped_anyway": "Sie wurde trotz meiner Stornierungsanfrage versandt. Ich verweigere die Annahme; bitte erstatten "
                              "Sie den Betrag nach der Rücksendung.",
        "ask_refund": "Die Bestellung {why} am {when}, die Erstattung ist aber nicht angekommen. Bitte prüfen und veranlassen "
                      "Sie sie.",
        "why_cancelled": "wurde storniert", "why_returned": "– Rücksendung eingegangen", "why_refused": "– Annahme verweigert",
        "ask_seller_silent": "Ich habe den Verkäufer am {when} um Stornierung gebeten und keine Antwort erhalten. Bitte "
                             "stornieren Sie die Bestellung oder wenden Sie sich an den Verkäufer.",
        "ask_pending": "Ich habe am {when} um Stornierung gebeten, sie ist aber noch offen. Bitte prüfen und stornieren Sie "
                       "die Bestellung.",
        "ask_status": "Könnten Sie bitte den Stand dieser Bestellung prüfen?",
        "state": "Status", "market": "Marktplatz", "items": "Artikel", "amount": "Betrag", "refunded": "Erstattet",
        "carrier": "Zusteller", "as_of": "Stand", "heading": "# Verlauf der Bestellung {order_id}", "junk": " (Spam)",
        "marketplace_word": "Marketplace",
        "columns": "Zeit|Ereignis|Details|Betreff|Ordner|Echtheit|Message-ID",
    },
    "fr": {
        "default_reason": "J'ai commandé par erreur.", "no_item": "(nom de l'article inconnu)", "quote": "« {item} »",
        "item_sep": " ; ", "hello_named": "Bonjour {name},", "hello": "Bonjour,",
        "intro_shipped_after": "J'ai demandé l'annulation de la commande ci-dessous le {when}, mais elle a été expédiée le "
                               "{shipped}.",
        "intro_shipped": "La commande ci-dessous a été expédiée ; je souhaite l'annuler (la retourner).",
        "ask_return": "Je retournerai l'article sans l'ouvrir. Merci de m'indiquer comment le renvoyer et de confirmer le "
                      "remboursement.",
        "ask_refuse": "Je refuserai le colis à la livraison. Merci de rembourser la commande dès son retour chez vous.",
        "intro_pending": "J'ai demandé l'annulation de la commande ci-dessous le {when} et n'ai pas encore de réponse ; je "
                         "vous écris donc à nouveau.",
        "intro_cancel": "Je souhaite annuler la commande ci-dessous.",
        "ask_cancel": "Si elle n'est pas encore expédiée, merci de l'annuler. Si elle l'est déjà, merci de me le dire.",
        "order_number": "Numéro de commande", "item": "Article", "ordered": "Commandé le",
        "cancel_requested": "Annulation demandée le", "reason": "Motif", "thanks": "Merci d'avance, cordialement,",
        "support_hello": "Bonjour le service client Amazon,", "support_intro": "J'ai besoin d'aide pour la commande {order_id}.",
        "sold_by": "Vendu par", "payment": "Paiement", "what_happened": "Ce qui s'est passé :", "my_request": "Ma demande :",
        "kept": "J'ai gardé tous les e-mails liés et peux vous les envoyer si besoin.", "marketplace": "{name} (Marketplace)",
        "a_seller": "un vendeur", "unknown": "inconnu", "tracking": "suivi ",
        "ask_delivered_anyway": "Elle a été expédiée et livrée alors que j'avais demandé l'annulation. Merci d'organiser le "
                                "retour et le remboursement.",
        "ask_shipped_anyway": "Elle a été expédiée alors que j'avais demandé l'annulation. Je refuserai le colis ; merci de "
                              "rembourser la commande à son retour.",
        "ask_refund": "La commande {why} le {when}, mais je n'ai pas reçu le remboursement. Merci de vérifier et de le traiter.",
        "why_cancelled": "a été annulée", "why_returned": "a été retournée (retour reçu)",
        "why_refused": "a été refusée à la livraison",
        "ask_seller_silent": "J'ai demandé au vendeur d'annuler le {when} sans réponse. Merci d'annuler la commande ou de "
                             "contacter le vendeur.",
        "ask_pending": "J'ai demandé l'annulation le {when}, mais elle est toujours en attente. Merci de vérifier et d'annuler "
                       "la commande.",
        "ask_status": "Pourriez-vous vérifier l'état de cette commande ?",
        "state": "État", "market": "Marketplace", "items": "Articles", "amount": "Montant", "refunded": "Remboursé",
        "carrier": "Transporteur", "as_of": "Au", "heading": "# Historique de la commande {order_id}", "junk": " (spam)",
        "marketplace_word": "Marketplace",
        "columns": "Date|Événement|Détails|Objet|Dossier|Authenticité|Message-ID",
    },
    "it": {
        "default_reason": "Ho ordinato per errore.", "no_item": "(nome dell'articolo sconosciuto)", "quote": "«{item}»",
        "item_sep": "; ", "hello_named": "Buongiorno {name},", "hello": "Buongiorno,",
        "intro_shipped_after": "ho chiesto di cancellare l'ordine qui sotto il {when}, ma è stato spedito il {shipped}.",
        "intro_shipped": "l'ordine qui sotto risulta spedito; vorrei cancellarlo (restituirlo).",
        "ask_return": "Restituirò l'articolo senza aprirlo. Indicatemi come rispedirlo e confermate il rimborso.",
        "ask_refuse": "Rifiuterò il pacco alla consegna. Vi prego di rimborsare l'ordine quando vi sarà tornato.",
        "intro_pending": "ho chiesto di cancellare l'ordine qui sotto il {when} e non ho ancora ricevuto risposta, quindi "
                         "scrivo di nuovo.",
        "intro_cancel": "vorrei cancellare l'ordine qui sotto.",
        "ask_cancel": "Se non è ancora stato spedito, vi prego di cancellarlo. Se è già stato spedito, fatemelo sapere.",
        "order_number": "Numero d'ordine", "item": "Articolo", "ordered": "Ordinato il",
        "cancel_requested": "Cancellazione richiesta il", "reason": "Motivo", "thanks": "Grazie, cordiali saluti,",
        "support_hello": "Gentile servizio clienti Amazon,", "support_intro": "ho bisogno di aiuto per l'ordine {order_id}.",
        "sold_by": "Venduto da", "payment": "Pagamento", "what_happened": "Cosa è successo:", "my_request": "La mia richiesta:",
        "kept": "Ho conservato tutte le e-mail relative e posso inviarle se necessario.", "marketplace": "{name} (Marketplace)",
        "a_seller": "un venditore", "unknown": "sconosciuto", "tracking": "tracciamento ",
        "ask_delivered_anyway": "È stato spedito e consegnato anche se avevo chiesto la cancellazione. Vi prego di organizzare "
                                "reso e rimborso.",
        "ask_shipped_anyway": "È stato spedito anche se avevo chiesto la cancellazione. Rifiuterò il pacco; vi prego di "
                              "rimborsare l'ordine al suo rientro.",
        "ask_refund": "L'ordine {why} il {when}, ma non ho ricevuto il rimborso. Vi prego di verificare ed elaborarlo.",
        "why_cancelled": "è stato cancellato", "why_returned": "è stato restituito (reso ricevuto)",
        "why_refused": "è stato rifiutato alla consegna",
        "ask_seller_silent": "Ho chiesto al venditore di cancellare il {when} senza risposta. Vi prego di cancellare l'ordine "
                             "o di contattare il venditore.",
        "ask_pending": "Ho chiesto la cancellazione il {when}, ma è ancora in sospeso. Vi prego di verificare e cancellare "
                       "l'ordine.",
        "ask_status": "Potreste verificare lo stato di questo ordine?",
        "state": "Stato", "market": "Marketplace", "items": "Articoli", "amount": "Importo", "refunded": "Rimborsato",
        "carrier": "Corriere", "as_of": "Al", "heading": "# Cronologia dell'ordine {order_id}", "junk": " (spam)",
        "marketplace_word": "Marketplace",
        "columns": "Data|Evento|Dettagli|Oggetto|Cartella|Autenticità|Message-ID",
    },
    "es": {
        "default_reason": "Lo pedí por error.", "no_item": "(nombre del artículo desconocido)", "quote": "«{item}»",
        "item_sep": "; ", "hello_named": "Hola, {name}:", "hello": "Hola:",
        "intro_shipped_after": "Pedí cancelar el pedido de abajo el {when}, pero se envió el {shipped}.",
        "intro_shipped": "El pedido de abajo figura como enviado; quiero cancelarlo (devolverlo).",
        "ask_return": "Devolveré el artículo sin abrir. Indicadme cómo enviarlo y confirmad el reembolso, por favor.",
        "ask_refuse": "Rechazaré el paquete en la entrega. Por favor, reembolsad el pedido cuando os llegue de vuelta.",
        "intro_pending": "Pedí cancelar el pedido de abajo el {when} y aún no tengo respuesta, así que vuelvo a escribir.",
        "intro_cancel": "Quiero cancelar el pedido de abajo.",
        "ask_cancel": "Si aún no se ha enviado, cancelad el pedido, por favor. Si ya se envió, avisadme.",
        "order_number": "Número de pedido", "item": "Artículo", "ordered": "Pedido el",
        "cancel_requested": "Cancelación solicitada el", "reason": "Motivo", "thanks": "Gracias, un saludo,",
        "support_hello": "Hola, servicio de atención al cliente de Amazon:",
        "support_intro": "Necesito ayuda con el pedido {order_id}.",
        "sold_by": "Vendido por", "payment": "Pago", "what_happened": "Qué ha pasado:", "my_request": "Mi solicitud:",
        "kept": "He guardado todos los correos relacionados y puedo enviarlos si hace falta.",
        "marketplace": "{name} (Marketplace)", "a_seller": "un vendedor", "unknown": "desconocido", "tracking": "seguimiento ",
        "ask_delivered_anyway": "Se envió y se entregó aunque había pedido cancelarlo. Por favor, gestionad la devolución y el "
                                "reembolso.",
        "ask_shipped_anyway": "Se envió aunque había pedido cancelarlo. Rechazaré el paquete; por favor, reembolsad el pedido "
                              "cuando vuelva.",
        "ask_refund": "El pedido {why} el {when}, pero no he recibido el reembolso. Por favor, revisadlo y tramitadlo.",
        "why_cancelled": "se canceló", "why_returned": "se devolvió (devolución recibida)",
        "why_refused": "se rechazó en la entrega",
        "ask_seller_silent": "Pedí al vendedor que cancelara el {when} y no contestó. Por favor, cancelad el pedido o "
                             "contactad con el vendedor.",
        "ask_pending": "Pedí la cancelación el {when}, pero sigue pendiente. Por favor, revisadlo y cancelad el pedido.",
        "ask_status": "¿Podríais revisar el estado de este pedido?",
        "state": "Estado", "market": "Tienda", "items": "Artículos", "amount": "Importe", "refunded": "Reembolsado",
        "carrier": "Transportista", "as_of": "A fecha de", "heading": "# Historial del pedido {order_id}", "junk": " (spam)",
        "marketplace_word": "Marketplace",
        "columns": "Fecha|Evento|Detalles|Asunto|Carpeta|Autenticidad|Message-ID",
    },
}
