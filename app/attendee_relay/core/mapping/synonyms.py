"""Header spellings of common ticketing, CRM and Excel exports, in English, German, French and Spanish.

Connectors build their ``TargetField.synonyms`` from these concepts so that every platform
recognises the same headers. Matching is case- and punctuation-insensitive (see ``automatch``).
"""

from __future__ import annotations

SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": (
        "email", "e-mail", "email address", "e-mail address", "mail", "emailaddress",
        "attendee email", "buyer email", "contact email", "work email", "business email",
        "e-mail-adresse", "emailadresse", "courriel", "adresse e-mail", "adresse email",
        "correo", "correo electrónico", "correo electronico", "email del asistente",
    ),
    "first_name": (
        "first name", "firstname", "first", "given name", "forename", "attendee first name",
        "vorname", "prénom", "prenom", "nombre", "nombre de pila",
    ),
    "last_name": (
        "last name", "lastname", "last", "surname", "family name", "attendee last name",
        "nachname", "familienname", "nom", "nom de famille", "apellido", "apellidos",
    ),
    "middle_name": ("middle name", "middlename", "second name", "zweiter vorname", "segundo nombre"),
    "full_name": (
        "name", "full name", "fullname", "attendee name", "attendee", "contact name", "guest name",
        "participant", "participant name", "visitor name", "vollständiger name", "teilnehmer",
        "nom complet", "participant(e)", "nombre completo", "asistente",
    ),
    "company": (
        "company", "company name", "organisation", "organization", "organisation name",
        "organization name", "employer", "business", "firm", "firma", "unternehmen",
        "firmenname", "société", "societe", "entreprise", "empresa", "organización", "organizacion",
    ),
    "job_title": (
        "job title", "title", "designation", "position", "role", "job", "job role",
        "berufsbezeichnung", "position im unternehmen", "funktion", "titel", "poste", "fonction",
        "titre", "cargo", "puesto",
    ),
    "phone": (
        "phone", "phone number", "mobile", "mobile number", "mobile phone", "cell", "cell phone",
        "telephone", "tel", "contact number", "whatsapp number", "telefon", "telefonnummer",
        "handy", "mobiltelefon", "téléphone", "telephone portable", "portable", "teléfono",
        "telefono", "móvil", "movil", "celular",
    ),
    "city": ("city", "town", "stadt", "ort", "ville", "ciudad", "localidad"),
    "state": ("state", "region", "province", "county", "bundesland", "état", "provincia"),
    "zip": (
        "zip", "zip code", "zipcode", "postcode", "post code", "postal code", "plz", "postleitzahl",
        "code postal", "código postal", "codigo postal",
    ),
    "country": ("country", "country name", "nation", "land", "pays", "país", "pais"),
    "address_1": (
        "address", "address 1", "address line 1", "street", "street address", "adresse",
        "straße", "strasse", "anschrift", "rue", "dirección", "direccion", "calle",
    ),
    "address_2": ("address 2", "address line 2", "adresszusatz", "complément d'adresse"),
    "order_no": (
        "order", "order no", "order number", "order id", "order #", "order reference",
        "booking reference", "booking id", "transaction id", "bestellnummer", "bestellung",
        "numéro de commande", "commande", "número de pedido", "pedido",
    ),
    "ticket_type_id": ("ticket type id", "ticket id", "ticket class id"),
    "ticket_name": ("ticket", "ticket type", "ticket name", "ticket class", "tickettyp", "billet", "entrada"),
    "ticket_price": ("ticket price", "price", "amount", "preis", "prix", "precio"),
    "purchase_date": (
        "order date", "purchase date", "date purchased", "booking date", "created", "bestelldatum",
        "date de commande", "fecha de compra",
    ),
    "quantity": ("quantity", "qty", "tickets", "anzahl", "menge", "quantité", "cantidad"),
    "order_total": ("order total", "total", "total paid", "ticket cost", "gesamtbetrag", "importe"),
    "currency": ("currency", "währung", "devise", "moneda"),
    "buyer_name": ("buyer name", "purchaser name", "billing name", "käufer", "acheteur", "comprador"),
    "buyer_email": ("buyer email", "purchaser email", "billing email"),
    "buyer_phone": ("buyer phone", "purchaser phone", "billing phone"),
    "external_id": ("id", "attendee id", "registration id", "external id", "barcode", "ticket number"),
    "timezone": ("timezone", "time zone", "utc offset", "zeitzone", "fuseau horaire", "zona horaria"),
    "description": ("notes", "note", "comments", "description", "bemerkung", "remarques", "notas"),
    "lead_type": ("type", "lead type", "attendee type", "registration type"),
}


def synonyms(concept: str) -> tuple[str, ...]:
    """Header spellings for a concept of ``SYNONYMS``; raises KeyError for an unknown concept."""
    return SYNONYMS[concept]
