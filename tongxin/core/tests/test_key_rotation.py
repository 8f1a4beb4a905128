"""Key rotation: a new first key encrypts, old keys still decrypt, and rotate_field_keys
re-encrypts every encrypted field of every model, resumably."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from tongxin.core import crypto
from tongxin.core.keyrotation import rotate_field_keys
from tongxin.core.models import KeyRotationCheckpoint
from tongxin.testing.care import file_visit
from tongxin.testing.funds import fund_books

OLD = "7vP8z5J0Bf5s5r2B9Y1d0bH3m6y4rXc8sVq3uKz1wQo="  # the test settings' key
NEW = Fernet.generate_key().decode()


def _raw_and_clear() -> dict[tuple[str, int, str], tuple[str, str]]:
    """Every stored token and its clear value, for every encrypted field of every model."""
    values = {}
    for model, fields in crypto.encrypted_fields():
        for pk, *tokens in model._base_manager.values_list("pk", *fields):
            for name, token in zip(fields, tokens, strict=True):
                if token:
                    values[(model._meta.label_lower, pk, name)] = (token, crypto.decrypt(token))
    return values


@pytest.fixture
def data(cast):
    fund_books(cast, year=2021, branch_funds_fen=1_000_000)
    file_visit(
        cast.actor("branch_a_liaison"),
        cast.people["branch_a_member"],
        diagnosis="Fracture of the left wrist",
    )
    return cast


def test_encrypted_fields_are_found_by_introspection():
    found = {model._meta.label_lower: fields for model, fields in crypto.encrypted_fields()}
    assert found["members.person"] == ["id_number"]
    assert found["care.carevisit"] == ["diagnosis"]
    assert "care.careattachment" in found


def test_new_first_key_encrypts_and_old_key_still_decrypts(cast):
    old_token = crypto.encrypt("440101198001010017")
    with override_settings(TONGXIN_FIELD_KEYS=[NEW, OLD]):
        assert crypto.decrypt(old_token) == "440101198001010017"
        new_token = crypto.encrypt("x")
        assert crypto.is_current(new_token)
        assert not crypto.is_current(old_token)
    with override_settings(TONGXIN_FIELD_KEYS=[NEW]), pytest.raises(ValueError, match="key"):
        crypto.decrypt(old_token)


def test_rotate_re_encrypts_every_field_and_reads_back(data):
    before = _raw_and_clear()
    models_with_data = {key[0] for key in before}
    assert {"members.person", "care.carevisit", "care.careattachment"} <= models_with_data
    with override_settings(TONGXIN_FIELD_KEYS=[NEW, OLD]):
        results = rotate_field_keys(batch_size=2)
        assert {r.model_label for r in results} == {
            m._meta.label_lower for m, _ in crypto.encrypted_fields()
        }
    # then with the old key gone every value still reads back the same
    with override_settings(TONGXIN_FIELD_KEYS=[NEW]):
        after = _raw_and_clear()
        assert after.keys() == before.keys()
        for key, (token, clear) in after.items():
            assert token != before[key][0]
            assert clear == before[key][1]
        person = data.people["branch_a_member"]
        assert type(person).objects.get(pk=person.pk).id_number == "440101198001010017"


def test_rotation_resumes_from_its_checkpoint_and_is_idempotent(data):
    with override_settings(TONGXIN_FIELD_KEYS=[NEW, OLD]):
        # given a run interrupted after the first batch of people
        fingerprint = crypto.primary_key_fingerprint()
        person_model = type(data.people["branch_a_member"])
        first = person_model.objects.order_by("pk").values_list("pk", flat=True)[1]
        KeyRotationCheckpoint.objects.create(
            model_label="members.person", key_fingerprint=fingerprint, last_pk=first, rows_done=2
        )
        untouched = dict(person_model.objects.filter(pk__lte=first).values_list("pk", "id_number"))
        # when it runs again it starts after the checkpoint
        rotate_field_keys(batch_size=1)
        assert (
            dict(person_model.objects.filter(pk__lte=first).values_list("pk", "id_number"))
            == untouched
        )
        checkpoint = KeyRotationCheckpoint.objects.get(model_label="members.person")
        assert checkpoint.finished_at is not None
        assert checkpoint.rows_done == person_model.objects.count()
        # and a finished rotation does nothing more
        tokens = dict(person_model.objects.values_list("pk", "id_number"))
        results = rotate_field_keys()
        assert all(r.was_finished for r in results)
        assert dict(person_model.objects.values_list("pk", "id_number")) == tokens


def test_rotate_command_reports_progress(data, capsys):
    with override_settings(TONGXIN_FIELD_KEYS=[NEW, OLD]):
        call_command("rotate_field_keys", "--batch-size", "1")
    out = capsys.readouterr().out
    assert "members.person:" in out
    assert crypto.key_fingerprint(NEW) in out


def test_rotation_with_a_missing_old_key_stops_naming_the_row(data):
    other = Fernet.generate_key().decode()
    person = data.people["branch_a_member"]
    with override_settings(TONGXIN_FIELD_KEYS=[other]), pytest.raises(CommandError) as error:
        call_command("rotate_field_keys")
    assert "row" in str(error.value)
    # nothing of the refused batch was written
    assert type(person).objects.get(pk=person.pk).id_number == "440101198001010017"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "at least one"),
        ("not-a-list", "at least one"),
        (["short"], "key 1 is not a Fernet key"),
        ([OLD, "!!!"], "key 2 is not a Fernet key"),
        ([OLD, OLD], "key 2 is listed twice"),
    ],
)
def test_bad_key_lists_are_refused_at_validation(keys, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.validate_field_keys(keys)


def test_good_key_list_validates():
    assert crypto.validate_field_keys([NEW, OLD]) == [NEW, OLD]


def test_value_written_back_under_the_old_key_is_swept(data):
    person = data.people["branch_a_member"]
    model = type(person)
    with override_settings(TONGXIN_FIELD_KEYS=[NEW, OLD]):
        rotate_field_keys()
        # given a service that had loaded the row before rotation and saves the old token back
        old_token = crypto.Ciphertext(
            crypto._fernet((OLD,)).encrypt(b"440101198001010017").decode()
        )
        model._base_manager.filter(pk=person.pk).update(id_number=old_token)
        # when the rotation runs again, the sweep re-encrypts it
        results = rotate_field_keys()
        assert {r.model_label: r.swept for r in results}["members.person"] == 1
    with override_settings(TONGXIN_FIELD_KEYS=[NEW]):
        assert model.objects.get(pk=person.pk).id_number == "440101198001010017"
