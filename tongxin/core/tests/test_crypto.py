from tongxin.core.crypto import decrypt, encrypt, lookup_hash
from tongxin.members.models import Person


def test_round_trip_and_lookup_hash_normalises():
    token = encrypt("44010119800101001X")
    assert token != "44010119800101001X"
    assert decrypt(token) == "44010119800101001X"
    assert lookup_hash(" 44010119800101001x") == lookup_hash("44010119800101001X")


def test_stored_encrypted_and_decrypted_on_read(cast):
    # given a person saved with an ID number
    person = cast.people["branch_a_member"]
    # then the database holds ciphertext
    raw = Person.objects.filter(pk=person.pk).values_list("id_number", flat=True).get()
    assert raw != "440101198001010017"
    # and a loaded row reads back the clear value, and saving it again keeps it readable
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.id_number == "440101198001010017"
    loaded.save(update_fields=["id_number"])
    assert Person.objects.get(pk=person.pk).id_number == "440101198001010017"


def test_unread_value_is_saved_untouched(cast):
    person = cast.people["branch_a_member"]
    before = Person.objects.filter(pk=person.pk).values_list("id_number", flat=True).get()
    loaded = Person.objects.get(pk=person.pk)
    loaded.name = "Renamed"
    loaded.save()
    after = Person.objects.filter(pk=person.pk).values_list("id_number", flat=True).get()
    assert after == before
